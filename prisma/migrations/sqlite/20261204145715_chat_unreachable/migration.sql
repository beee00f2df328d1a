-- AlterTable
ALTER TABLE "Chat" ADD COLUMN "unreachableAt" DATETIME;
ALTER TABLE "Chat" ADD COLUMN "unreachableReason" TEXT;

