-- AlterTable
ALTER TABLE "ServiceRequest" ADD COLUMN "placeName" TEXT;

-- CreateTable
CREATE TABLE "RequestPhoto" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "fileRef" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "keepLocation" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SharedLocation" (
    "personId" TEXT NOT NULL PRIMARY KEY,
    "chatId" TEXT NOT NULL,
    "lat" REAL NOT NULL,
    "long" REAL NOT NULL,
    "placeName" TEXT,
    "address" TEXT,
    "sharedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "RequestPhoto_token_key" ON "RequestPhoto"("token");

-- CreateIndex
CREATE INDEX "RequestPhoto_requestId_idx" ON "RequestPhoto"("requestId");

