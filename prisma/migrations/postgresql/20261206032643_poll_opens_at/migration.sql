-- AlterTable
ALTER TABLE "Poll" ADD COLUMN     "opensAt" TIMESTAMP(3);

