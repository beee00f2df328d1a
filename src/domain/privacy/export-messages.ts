// The /mydata document as messages: one JSON file where the platform takes
// files, else the JSON in numbered code blocks, each within the platform's
// limit. Nothing is cut: every character of the document is in some part. Pure.
import type { Capabilities } from "../../core/adapter.js";
import type { Translate } from "../../core/i18n.js";
import type { OutboundMessage } from "../../core/messages.js";

/** Half the platform's limit for each part: escaping (& to &amp;) and the part's heading need the rest. */
function partLength(capabilities: Pick<Capabilities, "maxTextLength">): number {
  return Math.max(200, Math.floor(capabilities.maxTextLength / 2));
}

export function exportMessages(
  json: string,
  filename: string,
  capabilities: Pick<Capabilities, "files" | "maxTextLength">,
  t: Translate,
): OutboundMessage[] {
  if (capabilities.files) {
    return [
      {
        title: t("privacy:mydata.title"),
        text: t("privacy:mydata.file"),
        attachment: { filename, mimeType: "application/json", content: json },
      },
    ];
  }
  const parts = chunkLines(json, partLength(capabilities));
  return parts.map((code, index) => ({
    text: t("privacy:mydata.part", { part: index + 1, parts: parts.length }),
    code,
  }));
}

/** Splits at line ends where it can, inside a line only where one line alone is longer than `max`. */
export function chunkLines(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const pieces = line.length > max ? (line.match(new RegExp(`[\\s\\S]{1,${max}}`, "g")) ?? [""]) : [line];
    for (const piece of pieces) {
      const joined = current === "" ? piece : `${current}\n${piece}`;
      if (joined.length <= max) {
        current = joined;
        continue;
      }
      chunks.push(current);
      current = piece;
    }
  }
  chunks.push(current);
  return chunks;
}
