// One audit entry as a line an admin reads: when (their language, the
// community's time zone), who, what, to what, and the change. Pure.
import type { Locale, Translate } from "../../core/i18n.js";
import { safeUserText } from "../../core/user-text.js";
import type { AuditLine, AuditValue } from "../../storage/repositories/audit.js";
import { formatWhen } from "../time/format-when.js";

/** A value longer than this is cut: the line is a pointer, not a copy. */
const MAX_VALUE = 60;

export function auditLine(
  entry: AuditLine,
  names: ReadonlyMap<string, string>,
  t: Translate,
  locale: Locale,
  timezone: string,
): string {
  const who = entry.actorPersonId
    ? (names.get(entry.actorPersonId) ?? t("accountability:audit.formerMember"))
    : t("accountability:audit.system");
  const target = names.get(entry.subject) ?? entry.subject;
  const head = t("accountability:audit.line", {
    when: formatWhen(entry.createdAt, locale, timezone),
    who: safeUserText(who),
    action: entry.action,
    target: safeUserText(target),
  });
  if (entry.before === undefined && entry.after === undefined) return head;
  return t("accountability:audit.lineChange", {
    line: head,
    before: valueText(entry.before, t),
    after: valueText(entry.after, t),
  });
}

function valueText(value: AuditValue | undefined, t: Translate): string {
  if (value === undefined || value === null) return t("accountability:audit.none");
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return safeUserText(text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text);
}
