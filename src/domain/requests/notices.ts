// What people are told about a request, built per reader (the Notifier
// calls a builder with the reader's language). Pure.
//   residents and followers: each change, in the chat where they asked
//   the contact's chat:      a reopen, a reminder that neighbours back a stale request
//   the admins:              a request a contact says is not theirs
import type { Translate } from "../../core/i18n.js";
import type { OutboundMessage } from "../../core/messages.js";
import type { MessageBuilder } from "../notifications/notifier.js";
import { formatMinutes, quote, stateLabel } from "./presentation.js";

export interface RequestSnapshot {
  number: string;
  categoryName: string;
}

export interface UpdateSnapshot {
  /** An UpdateKind (update-repository.ts), as stored. */
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  toSubStatus: string | null;
  text: string | null;
}

/** One line for a change, as residents read it: "K-1042 (Street lighting) is now acknowledged by City lighting." */
export function changeLine(request: RequestSnapshot, update: UpdateSnapshot, contact: string, t: Translate): string {
  const about = { number: request.number, category: request.categoryName, contact };
  switch (update.kind) {
    case "comment":
      return t("requests:notice.comment", about);
    case "reassign":
      return t("requests:notice.reassigned", about);
    case "volunteers":
      return t("requests:notice.volunteers", about);
    case "task":
      return t("requests:notice.task", { ...about, task: update.text ?? "" });
    default:
      if (update.fromStatus === "fixed" && update.toStatus === "open") return t("requests:notice.reopened", about);
      return t("requests:notice.status", {
        ...about,
        state: stateLabel(update.toStatus ?? "open", update.toSubStatus, t),
      });
  }
}

/** For the resident and followers: the change, the official's words, and what they can do next. */
export function changeNotice(request: RequestSnapshot, update: UpdateSnapshot, contact: string): MessageBuilder {
  return (t): OutboundMessage => {
    const lines = [changeLine(request, update, contact, t)];
    // A task update's text is the task's number, already in the line; other texts are the official's words.
    if (update.text && update.kind !== "task") lines.push(`“${quote(update.text)}”`);
    if (update.toStatus === "fixed") lines.push(t("requests:notice.reopenHint", { number: request.number }));
    return { text: lines.join("\n"), footer: t("requests:notice.footer", { number: request.number }) };
  };
}

/** For the contact's chat: the resident says it is not fixed. */
export function reopenedNotice(request: RequestSnapshot, why: string): MessageBuilder {
  return (t) => ({
    text: `${t("requests:notice.reopenedOfficials", { number: request.number, category: request.categoryName })}\n“${quote(why)}”`,
    footer: t("requests:card.footer", { number: request.number }),
  });
}

/** For the admins: a contact says a request is not theirs; someone should move it on. */
export function notOursNotice(request: RequestSnapshot, contact: string): MessageBuilder {
  return (t) => ({
    text: t("requests:notice.notOurs", { number: request.number, category: request.categoryName, contact }),
  });
}

/** For the contact: neighbours keep backing a request that has not moved for a while. */
export function supportReminder(request: RequestSnapshot, count: number, quietMinutes: number): MessageBuilder {
  return (t) => ({
    text: t("requests:notice.supportReminder", {
      number: request.number,
      category: request.categoryName,
      count,
      quiet: formatMinutes(quietMinutes, t),
    }),
    footer: t("requests:card.footer", { number: request.number }),
  });
}
