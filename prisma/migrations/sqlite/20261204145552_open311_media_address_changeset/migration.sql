-- AlterTable
ALTER TABLE "ServiceRequest" ADD COLUMN "addressId" TEXT;
ALTER TABLE "ServiceRequest" ADD COLUMN "mediaUrl" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ServiceCategory" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keywords" TEXT NOT NULL DEFAULT '',
    "description" TEXT,
    "expectMinutes" INTEGER,
    "fields" TEXT NOT NULL DEFAULT '[]',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_ServiceCategory" ("active", "code", "communityId", "createdAt", "description", "expectMinutes", "fields", "id", "keywords", "name") SELECT "active", "code", "communityId", "createdAt", "description", "expectMinutes", "fields", "id", "keywords", "name" FROM "ServiceCategory";
DROP TABLE "ServiceCategory";
ALTER TABLE "new_ServiceCategory" RENAME TO "ServiceCategory";
CREATE UNIQUE INDEX "ServiceCategory_communityId_code_key" ON "ServiceCategory"("communityId", "code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

