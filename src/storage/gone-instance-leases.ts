// At start, the leases a dead process on this machine left (the process this
// one replaces after a crash, typically) are ended at once, instead of making
// its jobs, sends and event claims wait out their 30–60 s leases. Only holders
// known gone for certain (instance-liveness.ts) lose them; any other holder
// keeps its lease, which decides as before.
import { instanceIsGone } from "../core/instance-liveness.js";
import type { Db } from "./database.js";

export interface ReleasedLeases {
  jobs: number;
  sends: number;
  eventClaims: number;
}

export async function releaseLeasesOfGoneInstances(
  db: Db,
  now: Date,
  isGone: (instanceId: string) => boolean = instanceIsGone,
): Promise<ReleasedLeases> {
  const [jobOwners, sendOwners, claimOwners] = await Promise.all([
    db.job.findMany({
      where: { status: "running", leaseExpiresAt: { gte: now } },
      select: { leaseOwner: true },
      distinct: ["leaseOwner"],
    }),
    db.outboxMessage.findMany({
      where: { status: "sending", leaseExpiresAt: { gte: now } },
      select: { leaseOwner: true },
      distinct: ["leaseOwner"],
    }),
    db.processedEvent.findMany({
      where: { status: "started", leaseUntil: { gte: now } },
      select: { claimedBy: true },
      distinct: ["claimedBy"],
    }),
  ]);
  const gone = (owners: (string | null)[]) => owners.filter((owner): owner is string => !!owner && isGone(owner));
  const goneJobs = gone(jobOwners.map((row) => row.leaseOwner));
  const goneSends = gone(sendOwners.map((row) => row.leaseOwner));
  const goneClaims = gone(claimOwners.map((row) => row.claimedBy));
  // Just before now: every claim query takes rows whose lease is earlier than its now.
  const ended = new Date(now.getTime() - 1);
  const [jobs, sends, eventClaims] = await Promise.all([
    goneJobs.length
      ? db.job.updateMany({
          where: { status: "running", leaseOwner: { in: goneJobs } },
          data: { leaseExpiresAt: ended },
        })
      : { count: 0 },
    goneSends.length
      ? db.outboxMessage.updateMany({
          where: { status: "sending", leaseOwner: { in: goneSends } },
          data: { leaseExpiresAt: ended },
        })
      : { count: 0 },
    goneClaims.length
      ? db.processedEvent.updateMany({
          where: { status: "started", claimedBy: { in: goneClaims } },
          data: { leaseUntil: ended },
        })
      : { count: 0 },
  ]);
  return { jobs: jobs.count, sends: sends.count, eventClaims: eventClaims.count };
}
