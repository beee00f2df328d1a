-- CreateTable
CREATE TABLE "TaskRole" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "TaskRole_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Signup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "queuedAt" DATETIME NOT NULL,
    "identityId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "note" TEXT,
    "attended" BOOLEAN,
    "roleId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Signup_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Signup_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "TaskRole" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Signup" ("attended", "chatId", "createdAt", "id", "identityId", "note", "personId", "queuedAt", "status", "taskId", "updatedAt") SELECT "attended", "chatId", "createdAt", "id", "identityId", "note", "personId", "queuedAt", "status", "taskId", "updatedAt" FROM "Signup";
DROP TABLE "Signup";
ALTER TABLE "new_Signup" RENAME TO "Signup";
CREATE INDEX "Signup_taskId_status_queuedAt_idx" ON "Signup"("taskId", "status", "queuedAt");
CREATE INDEX "Signup_personId_idx" ON "Signup"("personId");
CREATE UNIQUE INDEX "Signup_taskId_personId_key" ON "Signup"("taskId", "personId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "TaskRole_taskId_name_key" ON "TaskRole"("taskId", "name");

