// Text that users typed must not reorder or hide what is shown around it: a
// right-to-left override (U+202E) in a task title makes "Meet at 10 [Join]"
// read backwards, or spoofs a file name or a number. Directional formatting
// characters have no other use in a chat message (Arabic and Hebrew text
// shows right to left without them), so they are removed on the way out.
//   U+061C arabic letter mark, U+200E/U+200F LRM/RLM,
//   U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}
