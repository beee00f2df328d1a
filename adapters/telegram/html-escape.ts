// Telegram's HTML parse mode needs exactly &, < and > escaped in text (quotes
// matter only inside attributes, and we never put user text there). Pure.
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
