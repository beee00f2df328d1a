-- CreateTable
CREATE TABLE "Task" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" TEXT NOT NULL,
    "seriesId" INTEGER,
    "title" TEXT NOT NULL,
    "note" TEXT,
    "place" TEXT,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "capacity" INTEGER NOT NULL,
    "cutoffAt" DATETIME,
    "recurrence" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "cancelReason" TEXT,
    "originChatId" TEXT NOT NULL,
    "createdByPersonId" TEXT NOT NULL,
    "nextCreatedAt" DATETIME,
    "requestId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TaskPost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageRef" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TaskPost_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Signup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "queuedAt" DATETIME NOT NULL,
    "identityId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Signup_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HoursEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "taskId" INTEGER,
    "minutes" INTEGER NOT NULL,
    "workedOn" DATETIME NOT NULL,
    "note" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedByPersonId" TEXT,
    "decidedAt" DATETIME,
    "declineReason" TEXT,
    "createdByPersonId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Poll" (
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
    "salt" TEXT NOT NULL,
    "thenTask" TEXT,
    "createdTaskId" INTEGER,
    "createdByPersonId" TEXT NOT NULL,
    "originChatId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PollOption" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pollId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "anonymousCount" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "PollOption_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Vote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pollId" INTEGER NOT NULL,
    "optionId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AnonymousBallot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pollId" INTEGER NOT NULL,
    "voterHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PollPost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pollId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageRef" TEXT,
    "outboxId" INTEGER,
    "nativePollId" TEXT,
    "renderedHash" TEXT,
    "lastEditAt" DATETIME,
    "dirty" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PollPost_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ServiceCategory" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keywords" TEXT NOT NULL DEFAULT '',
    "description" TEXT,
    "expectMinutes" INTEGER,
    "fields" TEXT NOT NULL DEFAULT '[]',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "chatId" TEXT,
    "email" TEXT,
    "categories" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ServiceRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "categoryId" INTEGER NOT NULL,
    "contactId" INTEGER,
    "description" TEXT NOT NULL,
    "address" TEXT,
    "lat" REAL,
    "long" REAL,
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
    "acknowledgedAt" DATETIME,
    "fixedAt" DATETIME,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RequestUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "actorPersonId" TEXT,
    "kind" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "fromSubStatus" TEXT,
    "toSubStatus" TEXT,
    "text" TEXT,
    "public" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RequestFollower" (
    "requestId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("requestId", "personId")
);

-- CreateTable
CREATE TABLE "RequestSupport" (
    "requestId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("requestId", "personId")
);

-- CreateTable
CREATE TABLE "RequestCard" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageRef" TEXT,
    "outboxId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "label" TEXT,
    "createdByPersonId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Community" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Europe/Helsinki',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "reminderOffsets" TEXT NOT NULL DEFAULT '1440,60',
    "calendarToken" TEXT,
    "requestPrefix" TEXT NOT NULL DEFAULT 'K',
    "requestSequence" INTEGER NOT NULL DEFAULT 1000,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Community" ("createdAt", "id", "locale", "name", "timezone") SELECT "createdAt", "id", "locale", "name", "timezone" FROM "Community";
DROP TABLE "Community";
ALTER TABLE "new_Community" RENAME TO "Community";
CREATE UNIQUE INDEX "Community_calendarToken_key" ON "Community"("calendarToken");
CREATE TABLE "new_Membership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "communityId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',
    "remindersOff" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Membership_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Membership_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Membership" ("communityId", "createdAt", "id", "personId", "role", "updatedAt") SELECT "communityId", "createdAt", "id", "personId", "role", "updatedAt" FROM "Membership";
DROP TABLE "Membership";
ALTER TABLE "new_Membership" RENAME TO "Membership";
CREATE UNIQUE INDEX "Membership_communityId_personId_key" ON "Membership"("communityId", "personId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

