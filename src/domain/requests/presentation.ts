// Small pieces every view of a request shares: its state in words, how old
// it is, the expected response time, the place. Pure; the caller picks the
// language and the zone.
import type { Locale, Translate } from "../../core/i18n.js";
import { formatWhen } from "../time/format-when.js";
import { stateKey } from "./status-machine.js";

export interface Presentation {
  t: Translate;
  locale: Locale;
  timezone: string;
  now: Date;
}

/** "acknowledged", "in progress", "closed: duplicate" … in the reader's language. */
export function stateLabel(status: string, subStatus: string | null, t: Translate): string {
  return t(`requests:state.${stateKey(status, subStatus)}`);
}

/** "3 days", "4 hours", "90 minutes": an expected response time. */
export function formatMinutes(minutes: number, t: Translate): string {
  if (minutes % 1440 === 0) return t("requests:duration.days", { count: minutes / 1440 });
  if (minutes % 60 === 0) return t("requests:duration.hours", { count: minutes / 60 });
  return t("requests:duration.minutes", { count: minutes });
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function formatAge(since: Date, now: Date, t: Translate): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 1) return t("requests:age.now");
  if (minutes < 60) return t("requests:age.minutes", { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t("requests:age.hours", { count: hours });
  return t("requests:age.days", { count: Math.floor(hours / 24) });
}

/** "Kallio library, Main street 1 (60.16990, 24.93840)", or undefined when it has no place. */
export function placeText(request: {
  address: string | null;
  placeName?: string | null;
  lat: number | null;
  long: number | null;
}) {
  const coordinates =
    request.lat !== null && request.long !== null ? `${request.lat.toFixed(5)}, ${request.long.toFixed(5)}` : undefined;
  const named = [request.placeName, request.address].filter(Boolean).join(", ") || undefined;
  if (named && coordinates) return `${named} (${coordinates})`;
  return named ?? coordinates;
}

export function expectText(expectMinutes: number | null, t: Translate): string {
  return expectMinutes === null
    ? t("requests:expect.none")
    : t("requests:expect.within", { time: formatMinutes(expectMinutes, t) });
}

export function when(at: Date, p: Pick<Presentation, "locale" | "timezone">): string {
  return formatWhen(at, p.locale, p.timezone);
}

/** A quoted line of what someone typed, shortened for a notice. */
export function quote(text: string, max = 300): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}
