-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TaskPost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageRef" TEXT,
    "outboxId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TaskPost_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_TaskPost" ("chatId", "createdAt", "id", "messageRef", "taskId") SELECT "chatId", "createdAt", "id", "messageRef", "taskId" FROM "TaskPost";
DROP TABLE "TaskPost";
ALTER TABLE "new_TaskPost" RENAME TO "TaskPost";
CREATE INDEX "TaskPost_taskId_idx" ON "TaskPost"("taskId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

