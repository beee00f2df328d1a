// What /readyz reports: named checks (the database, each adapter), each up or
// down. A check that throws or hangs counts as down; a hung database must not
// hang the probe.
import type { ChatAdapter } from "../core/adapter.js";
import type { Database } from "../storage/database.js";

export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, "up" | "down">;
  /** Names of the checks that are down. */
  down: string[];
}

/** Adapters are read at every probe, so those registered after start count too. */
export interface AdapterSource {
  all(): Pick<ChatAdapter, "platform" | "isReady">[];
}

export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly adapterSources: AdapterSource[] = [];

  constructor(private readonly timeoutMs = 2_000) {}

  add(name: string, check: ReadinessCheck): this {
    this.checks.set(name, check);
    return this;
  }

  /** The database is up when it answers a trivial query; `onDown` hears of each failed probe (metrics). */
  addDatabase(database: Pick<Database, "ping">, onDown?: () => void): this {
    return this.add("database", async () => {
      const up = await database.ping();
      if (!up) onDown?.();
      return up;
    });
  }

  /** Each adapter ("adapter:telegram") is up when it says it is connected. */
  addAdapters(adapters: AdapterSource): this {
    this.adapterSources.push(adapters);
    return this;
  }

  async evaluate(): Promise<ReadinessReport> {
    const named: [string, ReadinessCheck][] = [...this.checks];
    for (const source of this.adapterSources) {
      for (const adapter of source.all()) named.push([`adapter:${adapter.platform}`, () => adapter.isReady()]);
    }
    const results = await Promise.all(named.map(async ([name, check]) => [name, await this.run(check)] as const));
    const checks: Record<string, "up" | "down"> = {};
    for (const [name, up] of results) checks[name] = up ? "up" : "down";
    const down = results.filter(([, up]) => !up).map(([name]) => name);
    return { ready: down.length === 0, checks, down };
  }

  private async run(check: ReadinessCheck): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(check), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
