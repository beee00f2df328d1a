// Who holds a lease. Unique per process start, readable in the database when
// an operator wonders which instance claimed a row.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}
