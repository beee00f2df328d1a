-- CreateTable
CREATE TABLE "InboxUpdate" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboxUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InboxUpdate_platform_receivedAt_idx" ON "InboxUpdate"("platform", "receivedAt");

