-- AlterTable
ALTER TABLE "ServiceRequest" ADD COLUMN     "placeName" TEXT;

-- CreateTable
CREATE TABLE "RequestPhoto" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "fileRef" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "keepLocation" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestPhoto_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SharedLocation" (
    "personId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "long" DOUBLE PRECISION NOT NULL,
    "placeName" TEXT,
    "address" TEXT,
    "sharedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SharedLocation_pkey" PRIMARY KEY ("personId")
);

-- CreateIndex
CREATE UNIQUE INDEX "RequestPhoto_token_key" ON "RequestPhoto"("token");

-- CreateIndex
CREATE INDEX "RequestPhoto_requestId_idx" ON "RequestPhoto"("requestId");

