-- Anonymous ballots are keyed by the server secret from now on (HMAC), with no
-- salt in the poll's row. Polls still open keep their salt until they close;
-- closed polls lose it here, so their ballots can no longer be tested against
-- a person.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Poll" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "multi" BOOLEAN NOT NULL DEFAULT false,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "everywhere" BOOLEAN NOT NULL DEFAULT false,
    "native" BOOLEAN NOT NULL DEFAULT false,
    "whoCanVote" TEXT NOT NULL DEFAULT 'members',
    "status" TEXT NOT NULL DEFAULT 'open',
    "closesAt" DATETIME,
    "closedAt" DATETIME,
    "salt" TEXT,
    "thenTask" TEXT,
    "createdTaskId" INTEGER,
    "createdByPersonId" TEXT NOT NULL,
    "originChatId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Poll" ("anonymous", "closedAt", "closesAt", "communityId", "createdAt", "createdByPersonId", "createdTaskId", "everywhere", "hidden", "id", "multi", "native", "originChatId", "question", "salt", "status", "thenTask", "updatedAt", "whoCanVote") SELECT "anonymous", "closedAt", "closesAt", "communityId", "createdAt", "createdByPersonId", "createdTaskId", "everywhere", "hidden", "id", "multi", "native", "originChatId", "question", "salt", "status", "thenTask", "updatedAt", "whoCanVote" FROM "Poll";
DROP TABLE "Poll";
ALTER TABLE "new_Poll" RENAME TO "Poll";
CREATE INDEX "Poll_communityId_status_idx" ON "Poll"("communityId", "status");
CREATE TABLE "new_AnonymousBallot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pollId" INTEGER NOT NULL,
    "voterHash" TEXT NOT NULL
);
-- Ballots: random ids, no time, stored in no voting order.
INSERT INTO "new_AnonymousBallot" ("id", "pollId", "voterHash")
  SELECT lower(hex(randomblob(16))), "pollId", "voterHash" FROM "AnonymousBallot" ORDER BY random();
DROP TABLE "AnonymousBallot";
ALTER TABLE "new_AnonymousBallot" RENAME TO "AnonymousBallot";
CREATE UNIQUE INDEX "AnonymousBallot_pollId_voterHash_key" ON "AnonymousBallot"("pollId", "voterHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
UPDATE "Poll" SET "salt" = NULL WHERE "status" <> 'open';

-- Delivered live-result edits, read in order, told how counts moved vote by vote.
DELETE FROM "OutboxMessage" WHERE "purpose" = 'poll.results' AND "status" IN ('sent', 'dead');

