-- CreateTable
CREATE TABLE "FloodEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FloodLimit" (
    "communityId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "maxCount" INTEGER NOT NULL,

    PRIMARY KEY ("communityId", "kind")
);

-- CreateIndex
CREATE INDEX "FloodEvent_scope_key_at_idx" ON "FloodEvent"("scope", "key", "at");

