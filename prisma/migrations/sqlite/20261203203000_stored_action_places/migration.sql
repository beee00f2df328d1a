-- Button ids were sha256(action, args): anyone could compute them. Ids made
-- before this migration were never bound to a chat, so they expire here:
-- an old card's buttons answer "no longer works" until the card is next
-- drawn, which gives it new ids.
DELETE FROM "StoredAction";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StoredAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "placeKey" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "args" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "communityId" TEXT,
    "typed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_StoredAction" ("action", "args", "createdAt", "id") SELECT "action", "args", "createdAt", "id" FROM "StoredAction";
DROP TABLE "StoredAction";
ALTER TABLE "new_StoredAction" RENAME TO "StoredAction";
CREATE UNIQUE INDEX "StoredAction_placeKey_key" ON "StoredAction"("placeKey");
CREATE INDEX "StoredAction_createdAt_idx" ON "StoredAction"("createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

