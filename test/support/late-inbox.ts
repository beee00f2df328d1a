// The app's own inbox for an adapter built before the app (as the harnesses
// build them): every call goes to the inbox `current()` returns at that time.
import type { UpdateInbox } from "../../src/core/update-inbox.js";

export function lateInbox(current: () => UpdateInbox): UpdateInbox {
  return {
    keep: (platform, entries) => current().keep(platform, entries),
    done: (platform, id) => current().done(platform, id),
    waiting: (platform) => current().waiting(platform),
    waitingIds: (platform) => current().waitingIds(platform),
    read: (platform, ids) => current().read(platform, ids),
  };
}
