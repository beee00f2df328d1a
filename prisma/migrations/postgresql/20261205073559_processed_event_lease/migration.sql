-- AlterTable
ALTER TABLE "ProcessedEvent" ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3);

