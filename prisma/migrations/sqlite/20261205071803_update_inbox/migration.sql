-- CreateTable
CREATE TABLE "InboxUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "InboxUpdate_platform_receivedAt_idx" ON "InboxUpdate"("platform", "receivedAt");

