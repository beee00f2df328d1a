-- CreateTable
CREATE TABLE "GuidedFlow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "chatId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "answers" TEXT NOT NULL DEFAULT '{}',
    "questionMessageId" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "GuidedFlow_expiresAt_idx" ON "GuidedFlow"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "GuidedFlow_chatId_personId_key" ON "GuidedFlow"("chatId", "personId");

