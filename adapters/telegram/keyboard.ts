// Rendered buttons as a Telegram inline keyboard. Pure.
// callback_data carries the core's actionId verbatim, so a press maps straight
// back to the stored action; Telegram allows at most 64 bytes of it.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { ButtonStyle, RenderedButton } from "../../src/core/messages.js";
import { utf8ByteLength } from "./text-length.js";

export const CALLBACK_DATA_MAX_BYTES = 64;

export function inlineKeyboardOf(rows: RenderedButton[][] | undefined): InlineKeyboardMarkup | undefined {
  const keyboard = (rows ?? []).filter((row) => row.length > 0).map((row) => row.map(buttonOf));
  return keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined;
}

function buttonOf(button: RenderedButton): InlineKeyboardButton.CallbackButton {
  const bytes = utf8ByteLength(button.actionId);
  if (bytes === 0 || bytes > CALLBACK_DATA_MAX_BYTES) {
    // The core's action ids are short by design; a longer one is a bug, not user input.
    throw new Error(`telegram: callback_data must be 1-${CALLBACK_DATA_MAX_BYTES} bytes, got ${bytes}`);
  }
  // Telegram refuses a blank label; a button must still be pressable.
  const text = button.label.trim() === "" ? "·" : button.label;
  const out: InlineKeyboardButton.CallbackButton = { text, callback_data: button.actionId };
  const style = telegramStyle(button.style);
  if (style) out.style = style;
  return out;
}

/** Telegram colours: primary (blue) and danger (red); "default" leaves the app's own look. */
function telegramStyle(style: ButtonStyle): "primary" | "danger" | undefined {
  return style === "primary" || style === "danger" ? style : undefined;
}
