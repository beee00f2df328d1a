-- AlterTable
ALTER TABLE "Community" ADD COLUMN     "calendarToken" TEXT,
ADD COLUMN     "reminderOffsets" TEXT NOT NULL DEFAULT '1440,60',
ADD COLUMN     "requestPrefix" TEXT NOT NULL DEFAULT 'K',
ADD COLUMN     "requestSequence" INTEGER NOT NULL DEFAULT 1000;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "remindersOff" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Task" (
    "id" SERIAL NOT NULL,
    "communityId" TEXT NOT NULL,
    "seriesId" INTEGER,
    "title" TEXT NOT NULL,
    "note" TEXT,
    "place" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "capacity" INTEGER NOT NULL,
    "cutoffAt" TIMESTAMP(3),
    "recurrence" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "cancelReason" TEXT,
    "originChatId" TEXT NOT NULL,
    "createdByPersonId" TEXT NOT NULL,
    "nextCreatedAt" TIMESTAMP(3),
    "requestId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskPost" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageRef" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskPost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Signup" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "queuedAt" TIMESTAMP(3) NOT NULL,
    "identityId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Signup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HoursEntry" (
    "id" SERIAL NOT NULL,
    "communityId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "taskId" INTEGER,
    "minutes" INTEGER NOT NULL,
    "workedOn" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedByPersonId" TEXT,
    "decidedAt" TIMESTAMP(3),
    "declineReason" TEXT,
    "createdByPersonId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HoursEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Poll" (
    "id" SERIAL NOT NULL,
    "communityId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "multi" BOOLEAN NOT NULL DEFAULT false,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "everywhere" BOOLEAN NOT NULL DEFAULT false,
    "native" BOOLEAN NOT NULL DEFAULT false,
    "whoCanVote" TEXT NOT NULL DEFAULT 'members',
    "status" TEXT NOT NULL DEFAULT 'open',
    "closesAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "salt" TEXT NOT NULL,
    "thenTask" TEXT,
    "createdTaskId" INTEGER,
    "createdByPersonId" TEXT NOT NULL,
    "originChatId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Poll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollOption" (
    "id" SERIAL NOT NULL,
    "pollId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "anonymousCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PollOption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Vote" (
    "id" SERIAL NOT NULL,
    "pollId" INTEGER NOT NULL,
    "optionId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Vote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnonymousBallot" (
    "id" SERIAL NOT NULL,
    "pollId" INTEGER NOT NULL,
    "voterHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnonymousBallot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollPost" (
    "id" SERIAL NOT NULL,
    "pollId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageRef" TEXT,
    "outboxId" INTEGER,
    "nativePollId" TEXT,
    "renderedHash" TEXT,
    "lastEditAt" TIMESTAMP(3),
    "dirty" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PollPost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceCategory" (
    "id" SERIAL NOT NULL,
    "communityId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keywords" TEXT NOT NULL DEFAULT '',
    "description" TEXT,
    "expectMinutes" INTEGER,
    "fields" TEXT NOT NULL DEFAULT '[]',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" SERIAL NOT NULL,
    "communityId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "chatId" TEXT,
    "email" TEXT,
    "categories" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceRequest" (
    "id" SERIAL NOT NULL,
    "communityId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "categoryId" INTEGER NOT NULL,
    "contactId" INTEGER,
    "description" TEXT NOT NULL,
    "address" TEXT,
    "lat" DOUBLE PRECISION,
    "long" DOUBLE PRECISION,
    "status" TEXT NOT NULL DEFAULT 'open',
    "subStatus" TEXT,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "residentPersonId" TEXT,
    "originChatId" TEXT,
    "originIdentityId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'chat',
    "supportCount" INTEGER NOT NULL DEFAULT 0,
    "overdueLevel" INTEGER NOT NULL DEFAULT 0,
    "taskId" INTEGER,
    "acknowledgedAt" TIMESTAMP(3),
    "fixedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestUpdate" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "actorPersonId" TEXT,
    "kind" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "fromSubStatus" TEXT,
    "toSubStatus" TEXT,
    "text" TEXT,
    "public" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestFollower" (
    "requestId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestFollower_pkey" PRIMARY KEY ("requestId","personId")
);

-- CreateTable
CREATE TABLE "RequestSupport" (
    "requestId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestSupport_pkey" PRIMARY KEY ("requestId","personId")
);

-- CreateTable
CREATE TABLE "RequestCard" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageRef" TEXT,
    "outboxId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestCard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "communityId" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "label" TEXT,
    "createdByPersonId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Task_communityId_startsAt_idx" ON "Task"("communityId", "startsAt");

-- CreateIndex
CREATE INDEX "Task_seriesId_idx" ON "Task"("seriesId");

-- CreateIndex
CREATE INDEX "TaskPost_taskId_idx" ON "TaskPost"("taskId");

-- CreateIndex
CREATE INDEX "Signup_taskId_status_queuedAt_idx" ON "Signup"("taskId", "status", "queuedAt");

-- CreateIndex
CREATE INDEX "Signup_personId_idx" ON "Signup"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Signup_taskId_personId_key" ON "Signup"("taskId", "personId");

-- CreateIndex
CREATE INDEX "HoursEntry_communityId_status_idx" ON "HoursEntry"("communityId", "status");

-- CreateIndex
CREATE INDEX "HoursEntry_personId_workedOn_idx" ON "HoursEntry"("personId", "workedOn");

-- CreateIndex
CREATE INDEX "Poll_communityId_status_idx" ON "Poll"("communityId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PollOption_pollId_position_key" ON "PollOption"("pollId", "position");

-- CreateIndex
CREATE INDEX "Vote_pollId_personId_idx" ON "Vote"("pollId", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "Vote_pollId_optionId_personId_key" ON "Vote"("pollId", "optionId", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "AnonymousBallot_pollId_voterHash_key" ON "AnonymousBallot"("pollId", "voterHash");

-- CreateIndex
CREATE UNIQUE INDEX "PollPost_nativePollId_key" ON "PollPost"("nativePollId");

-- CreateIndex
CREATE INDEX "PollPost_pollId_idx" ON "PollPost"("pollId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCategory_communityId_code_key" ON "ServiceCategory"("communityId", "code");

-- CreateIndex
CREATE INDEX "Contact_communityId_idx" ON "Contact"("communityId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceRequest_number_key" ON "ServiceRequest"("number");

-- CreateIndex
CREATE INDEX "ServiceRequest_communityId_createdAt_idx" ON "ServiceRequest"("communityId", "createdAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_status_updatedAt_idx" ON "ServiceRequest"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "RequestUpdate_requestId_createdAt_idx" ON "RequestUpdate"("requestId", "createdAt");

-- CreateIndex
CREATE INDEX "RequestCard_requestId_idx" ON "RequestCard"("requestId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE UNIQUE INDEX "Community_calendarToken_key" ON "Community"("calendarToken");

-- AddForeignKey
ALTER TABLE "TaskPost" ADD CONSTRAINT "TaskPost_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signup" ADD CONSTRAINT "Signup_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollOption" ADD CONSTRAINT "PollOption_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollPost" ADD CONSTRAINT "PollPost_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

