// Answer checks the flows share. They catch what is plainly not an answer
// (empty, too long); the command itself judges the rest when it runs.
import { z } from "zod";

export const nonEmptyText = (max: number) => z.string().trim().min(1).max(max);

/** One word, as codes and ids are typed: no spaces. */
export const oneWord = (max: number) => z.string().regex(new RegExp(`^\\S{1,${max}}$`, "u"));
