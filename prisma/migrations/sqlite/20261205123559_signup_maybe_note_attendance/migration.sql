-- AlterTable
ALTER TABLE "Signup" ADD COLUMN "attended" BOOLEAN;
ALTER TABLE "Signup" ADD COLUMN "note" TEXT;

