-- AlterTable
ALTER TABLE "Signup" ADD COLUMN     "attended" BOOLEAN,
ADD COLUMN     "note" TEXT;

