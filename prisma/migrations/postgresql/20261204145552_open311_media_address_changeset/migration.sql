-- AlterTable
ALTER TABLE "ServiceCategory" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "ServiceRequest" ADD COLUMN     "addressId" TEXT,
ADD COLUMN     "mediaUrl" TEXT;

