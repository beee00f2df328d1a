// Anonymous polls keep counts on the options and, apart from them, only that
// someone voted: one row per voter holding a keyed hash of the person's id,
// with no option and no time. The key is derived from the server secret
// (TALKOOT_SECRET, never in the database) and the poll's id, so:
//  - nobody who reads only the database can tell whose ballot a row is, not
//    even by hashing every person's id;
//  - the same person's rows in two polls cannot be matched up;
//  - after a restart the same person gets the same key, so nobody votes twice.
// Whoever holds the server secret and the database can still test a known
// person against a poll's ballots (README, "Security"). Pure.
import { createHash, createHmac, randomBytes } from "node:crypto";

/** The fields a ballot key depends on: the poll, and a salt only for polls opened before keys (cleared at close). */
export interface BallotPoll {
  id: number;
  salt: string | null;
}

export class BallotKeys {
  constructor(private readonly serverSecret: string) {}

  /** The voter's key in this poll. */
  voterKey(poll: BallotPoll, personId: string): string {
    if (poll.salt) return legacyVoterHash(poll.salt, personId);
    return createHmac("sha256", this.pollKey(poll.id)).update(personId).digest("hex");
  }

  private pollKey(pollId: number): Buffer {
    return createHmac("sha256", this.serverSecret).update(`talkoot:anonymous-ballot:${pollId}`).digest();
  }
}

/** How ballots of polls opened before the upgrade were keyed: reversible by anyone with the row's salt. */
function legacyVoterHash(salt: string, personId: string): string {
  return createHash("sha256").update(salt).update(personId).digest("hex");
}

/** A ballot's id: random, so that ids say nothing about the order of votes. */
export function newBallotId(): string {
  return randomBytes(16).toString("base64url");
}
