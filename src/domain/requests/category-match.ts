// Which category a resident meant. Pure. First exact (code or name), then
// keywords (the words officials gave each category: "pothole" → roads), then
// a small fuzzy match on codes, names and keywords, for typos such as
// "lightning" or "katuvalo" vs "katuvalot". Accents are folded for
// comparison only, so "ä" typed as "a" on a foreign keyboard still matches.

export interface MatchableCategory {
  code: string;
  name: string;
  keywords: string[];
}

export interface CategoryMatch<C extends MatchableCategory> {
  category: C;
  /** Higher is better; keyword hits rank above any fuzzy match. */
  score: number;
  via: "keyword" | "fuzzy";
}

/** Suggestions shown for an unknown category: a phone screen's worth. */
export const MAX_SUGGESTIONS = 3;
/** Below this similarity (0..1), two words are not the same word misspelt. */
const FUZZY_THRESHOLD = 0.7;

export function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().trim();
}

function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** The category whose code or name is exactly `input` (ignoring case and accents). */
export function exactCategory<C extends MatchableCategory>(input: string, categories: C[]): C | undefined {
  const wanted = fold(input);
  return (
    categories.find((c) => fold(c.code) === wanted) ?? categories.find((c) => fold(c.name) === wanted) ?? undefined
  );
}

/** Closest categories to free text: keyword hits if there are any, else fuzzy ones; best first. */
export function suggestCategories<C extends MatchableCategory>(
  text: string,
  categories: C[],
  limit = MAX_SUGGESTIONS,
): CategoryMatch<C>[] {
  const typed = words(text);
  const folded = fold(text);
  const byKeyword: CategoryMatch<C>[] = [];
  for (const category of categories) {
    const terms = termsOf(category);
    let hits = 0;
    for (const term of terms) {
      // A keyword of several words must appear as written; one word may carry an ending ("potholes").
      if (term.includes(" ") ? folded.includes(term) : typed.some((w) => w === term || stemMatch(w, term))) hits++;
    }
    if (hits > 0) byKeyword.push({ category, score: 10 + hits, via: "keyword" });
  }
  if (byKeyword.length) return rank(byKeyword).slice(0, limit);

  const fuzzy: CategoryMatch<C>[] = [];
  for (const category of categories) {
    let best = 0;
    for (const term of termsOf(category).flatMap((t) => t.split(" "))) {
      for (const word of typed) best = Math.max(best, similarity(word, term));
    }
    if (best >= FUZZY_THRESHOLD) fuzzy.push({ category, score: best, via: "fuzzy" });
  }
  return rank(fuzzy).slice(0, limit);
}

/** Whether one typed word looks like a misspelt category code or name (rather than the start of a description). */
export function looksLikeCategory(word: string, categories: MatchableCategory[]): boolean {
  const typed = fold(word);
  if (typed.length < 3) return false;
  return categories.some((c) =>
    [fold(c.code), ...words(c.name)].some((term) => similarity(typed, term) >= FUZZY_THRESHOLD),
  );
}

function termsOf(category: MatchableCategory): string[] {
  const terms = [fold(category.code), fold(category.name), ...category.keywords.map(fold)];
  return [...new Set(terms.filter((t) => t.length > 0))];
}

/** "potholes" for "pothole", "katuvalot" for "katuvalo": a shared start of 5+ letters that is most of both. */
function stemMatch(word: string, term: string): boolean {
  const shorter = Math.min(word.length, term.length);
  if (shorter < 5) return false;
  let common = 0;
  while (common < shorter && word[common] === term[common]) common++;
  return common >= 5 && common >= Math.max(word.length, term.length) - 3;
}

function rank<C extends MatchableCategory>(matches: CategoryMatch<C>[]): CategoryMatch<C>[] {
  return matches.sort((a, b) => b.score - a.score || a.category.code.localeCompare(b.category.code));
}

/** 1 - edit distance / longer length; short words must match closely. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 3 || b.length < 3) return 0;
  const longer = Math.max(a.length, b.length);
  return 1 - levenshtein(a, b) / longer;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
