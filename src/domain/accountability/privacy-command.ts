// /privacy: what Talkoot stores about people, why, for how long, how to get
// a copy or have it erased, and whom to ask. Anyone may read it, anywhere.
import type { CommandSpec } from "../../core/commands.js";
import type { RetentionPolicy } from "../../scheduler/retention.js";

export interface PrivacyNoticeDeps {
  /** PRIVACY_CONTACT: an address or a page; unset means the community's admins. */
  contact: string | undefined;
  retention: RetentionPolicy;
}

export function privacyCommand({ contact, retention }: PrivacyNoticeDeps): CommandSpec {
  return {
    name: "privacy",
    summary: "accountability:privacy.summary",
    fallback: {
      usage: "accountability:privacy.usage",
      max: 0,
      async run(ctx) {
        const { t } = ctx;
        await ctx.reply({
          title: t("accountability:privacy.title"),
          text: [
            t("accountability:privacy.what"),
            t("accountability:privacy.why"),
            t("accountability:privacy.howLong", {
              requestDays: retention.closedRequestTextDays,
              hoursDays: retention.declinedHoursNotesDays,
              eventDays: retention.processedEventsDays,
              outboxDays: retention.sentOutboxDays,
            }),
            t("accountability:privacy.rights"),
            contact ? t("accountability:privacy.contact", { contact }) : t("accountability:privacy.contactAdmins"),
          ].join("\n\n"),
        });
      },
    },
  };
}
