// Who holds a lease. Unique per process start, readable in the database when
// an operator wonders which instance claimed a row. The PID namespace (Linux)
// lets another process on this machine tell for certain that the holder is
// gone (instance-liveness.ts).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { currentPidNamespace } from "./instance-liveness.js";

export function newInstanceId(): string {
  const namespace = currentPidNamespace();
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}${namespace ? `:pidns${namespace}` : ""}`;
}
