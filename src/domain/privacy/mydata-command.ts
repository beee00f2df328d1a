// /mydata: everything Talkoot keeps about the asker, as a JSON document
// (personal-data.ts), sent to their direct chat with the bot: only they see
// it, and there a file can be sent whole.
import type { Capabilities } from "../../core/adapter.js";
import type { CommandSpec } from "../../core/commands.js";
import type { Delivery } from "../../core/delivery.js";
import { exportMessages } from "./export-messages.js";
import type { PersonalData } from "./personal-data.js";

export interface MydataDeps {
  data: PersonalData;
  delivery: Delivery;
  /** The capabilities of a running platform. */
  capabilities(platform: string): Capabilities | undefined;
}

export function mydataCommand(deps: MydataDeps): CommandSpec {
  return {
    name: "mydata",
    summary: "privacy:mydata.summary",
    fallback: {
      usage: "privacy:mydata.usage",
      privateAnswer: true,
      max: 0,
      async run(ctx) {
        const conversation = ctx.event.conversation;
        const channel = await deps.delivery.directChannel(conversation, ctx.identityId);
        if (!channel) {
          // No direct chat yet (a Telegram user who never wrote to the bot): the core's secret flow
          // answers with a link that opens one and runs /mydata again there, where the platform has one.
          await ctx.replySecret(async () => ctx.t("privacy:mydata.openDirect"));
          return;
        }
        const now = ctx.clock.now();
        const document = await deps.data.export(ctx.person.id, ctx.t, now);
        if (!document) return;
        const capabilities = deps.capabilities(conversation.platform) ?? { files: false, maxTextLength: 2000 };
        const filename = `talkoot-mydata-${now.toISOString().slice(0, 10)}.json`;
        for (const message of exportMessages(JSON.stringify(document, null, 2), filename, capabilities, ctx.t)) {
          await channel.send(message);
        }
        if (!conversation.isDirect) await ctx.replyPrivately(ctx.t("privacy:mydata.sentToDirect"));
      },
    },
  };
}
