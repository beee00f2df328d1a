-- CreateTable
CREATE TABLE "PersonalCalendar" (
    "token" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "communityId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Installation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "installationId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Task" (
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
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Task" ("cancelReason", "capacity", "communityId", "createdAt", "createdByPersonId", "cutoffAt", "endsAt", "id", "nextCreatedAt", "note", "originChatId", "place", "recurrence", "requestId", "seriesId", "startsAt", "status", "title", "updatedAt") SELECT "cancelReason", "capacity", "communityId", "createdAt", "createdByPersonId", "cutoffAt", "endsAt", "id", "nextCreatedAt", "note", "originChatId", "place", "recurrence", "requestId", "seriesId", "startsAt", "status", "title", "updatedAt" FROM "Task";
DROP TABLE "Task";
ALTER TABLE "new_Task" RENAME TO "Task";
CREATE INDEX "Task_communityId_startsAt_idx" ON "Task"("communityId", "startsAt");
CREATE INDEX "Task_seriesId_idx" ON "Task"("seriesId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PersonalCalendar_personId_communityId_key" ON "PersonalCalendar"("personId", "communityId");

