// The console as an adapter module: on when no platform is configured, or
// with CONSOLE=on.
import type { AdapterModule } from "../../src/adapter-module.js";
import { ConsoleAdapter } from "./console-adapter.js";

export const consoleModule: AdapterModule = {
  platform: "console",
  async fromConfig(_config, deps) {
    return {
      adapter: new ConsoleAdapter({
        input: deps.terminal?.input ?? process.stdin,
        output: deps.terminal?.output ?? process.stdout,
        now: () => deps.clock.now(),
      }),
    };
  },
};
