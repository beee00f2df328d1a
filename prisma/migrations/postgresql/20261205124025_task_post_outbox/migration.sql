-- AlterTable
ALTER TABLE "TaskPost" ADD COLUMN     "outboxId" INTEGER,
ALTER COLUMN "messageRef" DROP NOT NULL;

