-- DropIndex
DROP INDEX "ServiceRequest_number_key";

-- AlterTable
ALTER TABLE "RequestCard" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'contact';

-- CreateIndex
CREATE UNIQUE INDEX "ServiceRequest_communityId_number_key" ON "ServiceRequest"("communityId", "number");

