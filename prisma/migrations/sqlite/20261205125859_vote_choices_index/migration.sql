-- DropIndex
DROP INDEX "Vote_pollId_personId_idx";

-- CreateIndex
CREATE INDEX "Vote_pollId_personId_optionId_idx" ON "Vote"("pollId", "personId", "optionId");

