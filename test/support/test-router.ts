// A core over a real database and the given adapters, as tests that exercise
// the router or an adapter without a whole app build it.
import type { ChatAdapter } from "../../src/core/adapter.js";
import { builtinCommands } from "../../src/core/builtin-commands.js";
import { systemClock } from "../../src/core/clock.js";
import { AdapterRegistry, Delivery } from "../../src/core/delivery.js";
import { Translator } from "../../src/core/i18n.js";
import { coreTranslations } from "../../src/core/locales/core.js";
import { createLogger, type Logger } from "../../src/core/logger.js";
import type { DeferredReplies } from "../../src/core/ports.js";
import { Router, type RouterDeps } from "../../src/core/router.js";
import { isStorageOutage } from "../../src/storage/storage-outage.js";
import type { Store } from "../../src/storage/store.js";

export function testRouter(
  store: Store,
  adapters: ChatAdapter[],
  logger: Logger = createLogger({ level: "silent" }),
  deferredReplies?: DeferredReplies,
  /** Other deps to set, e.g. a manual clock. */
  overrides: Partial<RouterDeps> = {},
): Router {
  const registry = new AdapterRegistry();
  for (const adapter of adapters) registry.register(adapter);
  const router = new Router({
    ledger: store.processedEvents,
    directory: store.directory,
    actions: store.storedActions,
    pendingActions: store.pendingActions,
    delivery: new Delivery(registry, store.storedActions, store.directory),
    translator: new Translator([coreTranslations]),
    clock: systemClock,
    logger,
    storageOutage: isStorageOutage,
    deferredReplies,
    ...overrides,
  });
  return router.use(builtinCommands(router));
}
