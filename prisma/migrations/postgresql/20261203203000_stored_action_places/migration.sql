-- Button ids were sha256(action, args): anyone could compute them. Ids made
-- before this migration were never bound to a chat, so they expire here:
-- an old card's buttons answer "no longer works" until the card is next
-- drawn, which gives it new ids.
DELETE FROM "StoredAction";

-- AlterTable
ALTER TABLE "StoredAction" ADD COLUMN     "chatId" TEXT NOT NULL,
ADD COLUMN     "communityId" TEXT,
ADD COLUMN     "placeKey" TEXT NOT NULL,
ADD COLUMN     "typed" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "StoredAction_placeKey_key" ON "StoredAction"("placeKey");

