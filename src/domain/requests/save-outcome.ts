// What saving a category or contact (from a command or a config file) did.
export type SaveOutcome = "created" | "updated" | "unchanged";
