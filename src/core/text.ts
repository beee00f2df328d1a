// What every feature does to text people type: tidy it, keep it on one line,
// count it as people do, and echo it back short. Pure.

/** Collapses runs of spaces (chat apps paste odd whitespace) and trims; line breaks stay. */
export function tidy(text: string): string {
  return text.replace(/[^\S\n]+/g, " ").trim();
}

/** Tidied onto one line: for titles, questions and options, which are shown on one. */
export function oneLine(text: string): string {
  return tidy(text.replace(/\n+/g, " "));
}

/** Length in characters as people count them (an emoji is one). */
export function characterCount(text: string): number {
  return [...text].length;
}

/** User text echoed in an error, kept short. */
export function clip(text: string, max = 60): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}
