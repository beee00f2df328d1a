// The floor: a bare grammY bot that only answers button presses, on the same
// fake Bot API, with grammY's own long polling, on bare Node.
import { Bot } from "grammy";
import { profileOnSignal } from "./burst-profile.mjs";
import { watchPeakRss } from "./rss-monitor.mjs";

const bot = new Bot(process.env.BENCH_TOKEN, { client: { apiRoot: process.env.BENCH_API_ROOT } });
bot.on("callback_query:data", (ctx) => ctx.answerCallbackQuery({ text: "Counted" }));
// An answer the fake refuses (too late, on a loaded machine) must not stop the floor: the
// benchmark counts it as unanswered. Without a handler grammY stops the bot at the first one.
bot.catch((error) => process.stderr.write(`floor: ${error.message}\n`));
watchPeakRss(() => bot.stop());
profileOnSignal("floor");
void bot.start({
  allowed_updates: ["callback_query"],
  onStart: () => {
    process.stdout.write("ready\n");
  },
});
