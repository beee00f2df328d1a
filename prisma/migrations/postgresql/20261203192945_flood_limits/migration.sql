-- CreateTable
CREATE TABLE "FloodEvent" (
    "id" SERIAL NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FloodEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FloodLimit" (
    "communityId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "maxCount" INTEGER NOT NULL,

    CONSTRAINT "FloodLimit_pkey" PRIMARY KEY ("communityId","kind")
);

-- CreateIndex
CREATE INDEX "FloodEvent_scope_key_at_idx" ON "FloodEvent"("scope", "key", "at");

