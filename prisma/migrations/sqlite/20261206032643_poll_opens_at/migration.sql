-- AlterTable
ALTER TABLE "Poll" ADD COLUMN "opensAt" DATETIME;

