// Whether the process that wrote an instance id (instance-id.ts) is gone,
// known for certain only on this machine: same host name, same PID namespace,
// and no process with that PID. A claim such a process held can be taken at
// once instead of after its lease (a restart on one host, the usual case).
// Anything uncertain (another host, another container, a PID now in use by
// someone else, an id without a namespace) answers "not known gone", and the
// claim's lease decides as before.
import { readlinkSync } from "node:fs";
import { hostname } from "node:os";

export interface InstanceParts {
  host: string;
  pid: number;
  /** The PID namespace the process ran in (Linux), when known. */
  pidNamespace?: string;
}

/** The PID namespace of this process ("4026531836"), or undefined where /proc has none. */
export function currentPidNamespace(): string | undefined {
  try {
    return /\[(\d+)\]/.exec(readlinkSync("/proc/self/ns/pid"))?.[1];
  } catch {
    return undefined;
  }
}

/** Reads `host:pid:random[:pidns<n>]`; undefined for ids of another shape. */
export function parseInstanceId(id: string): InstanceParts | undefined {
  const [host, pid, random, namespace, ...rest] = id.split(":");
  if (!host || !pid || !random || rest.length > 0 || !/^\d+$/.test(pid)) return undefined;
  const pidNamespace = namespace?.startsWith("pidns") ? namespace.slice("pidns".length) : undefined;
  if (namespace !== undefined && !pidNamespace) return undefined;
  return { host, pid: Number(pid), ...(pidNamespace ? { pidNamespace } : {}) };
}

export interface LivenessProbe {
  host: string;
  pidNamespace: string | undefined;
  /** Whether a process with this PID exists here (signal 0). */
  processExists(pid: number): boolean;
}

export const thisMachine: LivenessProbe = {
  host: hostname(),
  pidNamespace: currentPidNamespace(),
  processExists(pid: number): boolean {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists, owned by someone else.
      return (error as NodeJS.ErrnoException).code !== "ESRCH";
    }
  },
};

/** True only when the instance is certainly dead: on this host, in this PID namespace, with no such process. */
export function instanceIsGone(instanceId: string | null | undefined, probe: LivenessProbe = thisMachine): boolean {
  if (!instanceId) return false;
  const parts = parseInstanceId(instanceId);
  if (!parts?.pidNamespace || !probe.pidNamespace) return false;
  if (parts.host !== probe.host || parts.pidNamespace !== probe.pidNamespace) return false;
  return !probe.processExists(parts.pid);
}
