-- AlterTable
ALTER TABLE "Poll" ADD COLUMN "maxChoices" INTEGER;

