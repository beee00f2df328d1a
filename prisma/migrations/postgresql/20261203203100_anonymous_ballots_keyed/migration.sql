-- Anonymous ballots are keyed by the server secret from now on (HMAC), with no
-- salt in the poll's row. Polls still open keep their salt until they close;
-- closed polls lose it here, so their ballots can no longer be tested against
-- a person.
ALTER TABLE "Poll" ALTER COLUMN "salt" DROP NOT NULL;
UPDATE "Poll" SET "salt" = NULL WHERE "status" <> 'open';

-- Ballots: random ids, no time, stored in no voting order.
ALTER TABLE "AnonymousBallot" DROP CONSTRAINT "AnonymousBallot_pkey",
DROP COLUMN "createdAt",
ALTER COLUMN "id" DROP DEFAULT,
ALTER COLUMN "id" SET DATA TYPE TEXT;
CREATE TEMPORARY TABLE "ballot_shuffle" AS
  SELECT md5(random()::text || clock_timestamp()::text || "id") AS "id", "pollId", "voterHash" FROM "AnonymousBallot";
DELETE FROM "AnonymousBallot";
INSERT INTO "AnonymousBallot" ("id", "pollId", "voterHash") SELECT "id", "pollId", "voterHash" FROM "ballot_shuffle" ORDER BY "id";
DROP TABLE "ballot_shuffle";
ALTER TABLE "AnonymousBallot" ADD CONSTRAINT "AnonymousBallot_pkey" PRIMARY KEY ("id");

-- Delivered live-result edits, read in order, told how counts moved vote by vote.
DELETE FROM "OutboxMessage" WHERE "purpose" = 'poll.results' AND "status" IN ('sent', 'dead');
