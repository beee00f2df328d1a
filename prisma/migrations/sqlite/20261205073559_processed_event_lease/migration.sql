-- AlterTable
ALTER TABLE "ProcessedEvent" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "ProcessedEvent" ADD COLUMN "leaseUntil" DATETIME;

