// Every string of the tasks feature in en, fi and sv, and every key its code uses.
import { taskTranslations } from "../../../src/domain/tasks/translations.js";
import { checkTranslations } from "../../support/translation-checks.js";

checkTranslations(taskTranslations, new URL("../../../src/domain/tasks", import.meta.url).pathname, [
  ...["closed", "started", "cancelled", "done"].map((p) => `card.footer.${p}`),
  ...["weekly", "biweekly", "monthly", "custom"].map((k) => `repeat.${k}`),
  ...["done", "cancelled"].map((s) => `list.status.${s}`),
  ...["confirmed", "waitlisted"].map((s) => `list.mine.${s}`),
  ...["title", "when", "place", "slots", "note", "cutoff"].map((f) => `changes.field.${f}`),
  ...["open", "mine", "today", "week"].flatMap((v) => [`list.title.${v}`, `list.empty.${v}`]),
  ...["pending", "approved", "declined"].map((s) => `hours.status.${s}`),
  ...["missing", "cancelled", "done", "started", "closed", "notStarted"].map((r) => `errors.refused.${r}`),
  "hours.approved",
  "hours.declined",
]);
