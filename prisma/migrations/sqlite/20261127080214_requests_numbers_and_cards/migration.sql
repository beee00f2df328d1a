-- DropIndex
DROP INDEX "ServiceRequest_number_key";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RequestCard" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageRef" TEXT,
    "outboxId" INTEGER,
    "kind" TEXT NOT NULL DEFAULT 'contact',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_RequestCard" ("chatId", "createdAt", "id", "messageRef", "outboxId", "requestId") SELECT "chatId", "createdAt", "id", "messageRef", "outboxId", "requestId" FROM "RequestCard";
DROP TABLE "RequestCard";
ALTER TABLE "new_RequestCard" RENAME TO "RequestCard";
CREATE INDEX "RequestCard_requestId_idx" ON "RequestCard"("requestId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ServiceRequest_communityId_number_key" ON "ServiceRequest"("communityId", "number");

