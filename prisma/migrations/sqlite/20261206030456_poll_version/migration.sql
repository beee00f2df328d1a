-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Poll" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "multi" BOOLEAN NOT NULL DEFAULT false,
    "maxChoices" INTEGER,
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
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Poll" ("anonymous", "closedAt", "closesAt", "communityId", "createdAt", "createdByPersonId", "createdTaskId", "everywhere", "hidden", "id", "maxChoices", "multi", "native", "originChatId", "question", "salt", "status", "thenTask", "updatedAt", "whoCanVote") SELECT "anonymous", "closedAt", "closesAt", "communityId", "createdAt", "createdByPersonId", "createdTaskId", "everywhere", "hidden", "id", "maxChoices", "multi", "native", "originChatId", "question", "salt", "status", "thenTask", "updatedAt", "whoCanVote" FROM "Poll";
DROP TABLE "Poll";
ALTER TABLE "new_Poll" RENAME TO "Poll";
CREATE INDEX "Poll_communityId_status_idx" ON "Poll"("communityId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

