-- AlterTable
ALTER TABLE "Poll" ADD COLUMN     "addOptions" TEXT;

-- CreateTable
CREATE TABLE "PollOptionProposal" (
    "id" SERIAL NOT NULL,
    "pollId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "PollOptionProposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PollOptionProposal_pollId_status_idx" ON "PollOptionProposal"("pollId", "status");

-- CreateIndex
CREATE INDEX "PollOptionProposal_personId_idx" ON "PollOptionProposal"("personId");

