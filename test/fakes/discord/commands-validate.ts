// Application command definitions checked as Discord checks a bulk
// overwrite: names, descriptions, localizations, options and their nesting,
// choices, and the per-scope command counts.

import { DiscordError, FormErrors } from "./api-error.js";
import { isObject, type JsonObject, type JsonValue } from "./types.js";

/** Discord's locales (developers/reference#locales). */
export const LOCALES: readonly string[] = [
  "id",
  "da",
  "de",
  "en-GB",
  "en-US",
  "es-ES",
  "es-419",
  "fr",
  "hr",
  "it",
  "lt",
  "hu",
  "nl",
  "no",
  "pl",
  "pt-BR",
  "ro",
  "fi",
  "sv-SE",
  "vi",
  "tr",
  "cs",
  "el",
  "bg",
  "ru",
  "uk",
  "hi",
  "th",
  "zh-CN",
  "ja",
  "zh-TW",
  "ko",
];

export const CommandType = { ChatInput: 1, User: 2, Message: 3, PrimaryEntryPoint: 4 } as const;

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

const NAME_RE = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const COMMAND_LIMITS: Record<number, number> = { 1: 100, 2: 15, 3: 15, 4: 1 };
const CHOICE_TYPES = new Set<number>([OptionType.String, OptionType.Integer, OptionType.Number]);

type Path = (string | number)[];

/** A chat-input name: the regex, and no letter that has a lowercase form may be uppercase. */
function validName(name: string): boolean {
  return NAME_RE.test(name) && name === name.toLowerCase();
}

function checkName(v: JsonValue | undefined, path: Path, errors: FormErrors, chatInput: boolean): void {
  if (typeof v !== "string" || v.length === 0) {
    errors.required(path);
    return;
  }
  if ([...v].length > 32) errors.badLength(path, 1, 32);
  else if (chatInput && !validName(v)) errors.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
}

function checkDescription(v: JsonValue | undefined, path: Path, errors: FormErrors): void {
  if (typeof v !== "string" || [...v].length < 1 || [...v].length > 100) errors.badLength(path, 1, 100);
}

function checkLocalizations(
  v: JsonValue | undefined,
  path: Path,
  errors: FormErrors,
  check: (value: JsonValue | undefined, p: Path) => void,
): void {
  if (v === undefined || v === null) return;
  if (!isObject(v)) {
    errors.add(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    return;
  }
  for (const [locale, value] of Object.entries(v)) {
    if (!LOCALES.includes(locale)) errors.choices([...path, locale], LOCALES);
    else check(value, [...path, locale]);
  }
}

function checkOptions(
  options: JsonValue | undefined,
  path: Path,
  errors: FormErrors,
  level: "command" | "subcommand" | "group",
): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.add(path, "BASE_TYPE_ARRAY", "Must be an array.");
    return;
  }
  if (options.length > 25) errors.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  const names = new Set<string>();
  let sawOptional = false;
  let subs = 0;
  let plain = 0;
  options.forEach((o, i) => {
    const at: Path = [...path, i];
    if (!isObject(o)) {
      errors.add(at, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
      return;
    }
    const type = o.type;
    if (typeof type !== "number" || !Number.isInteger(type) || type < 1 || type > 11) {
      errors.choices([...at, "type"], Object.values(OptionType));
      return;
    }
    checkName(o.name, [...at, "name"], errors, true);
    checkDescription(o.description, [...at, "description"], errors);
    checkLocalizations(o.name_localizations, [...at, "name_localizations"], errors, (v, p) =>
      checkName(v, p, errors, true),
    );
    checkLocalizations(o.description_localizations, [...at, "description_localizations"], errors, (v, p) =>
      checkDescription(v, p, errors),
    );
    if (typeof o.name === "string") {
      if (names.has(o.name)) {
        errors.add([...at, "name"], "APPLICATION_COMMAND_OPTION_NAME_NOT_UNIQUE", "Option names must be unique");
      }
      names.add(o.name);
    }

    const isSub = type === OptionType.Subcommand || type === OptionType.SubcommandGroup;
    if (isSub) subs += 1;
    else plain += 1;
    if (level === "group" && type !== OptionType.Subcommand) {
      errors.add(
        [...at, "type"],
        "APPLICATION_COMMAND_OPTION_TYPE_INVALID",
        "Sub-command groups may only contain sub-commands",
      );
    }
    if (level === "subcommand" && isSub) {
      errors.add(
        [...at, "type"],
        "APPLICATION_COMMAND_OPTION_TYPE_INVALID",
        "Sub-commands cannot contain sub-commands or groups",
      );
    }

    if (isSub) {
      checkOptions(o.options, [...at, "options"], errors, type === OptionType.SubcommandGroup ? "group" : "subcommand");
      return;
    }
    if (o.required === true && sawOptional) {
      errors.add(
        path,
        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
        "Required options must be placed before non-required options",
      );
    }
    if (o.required !== true) sawOptional = true;

    if (o.choices !== undefined && o.choices !== null) {
      if (!CHOICE_TYPES.has(type)) {
        errors.add(
          [...at, "choices"],
          "APPLICATION_COMMAND_OPTION_CHOICES_NOT_ALLOWED",
          "Choices are not allowed for this option type",
        );
      } else if (!Array.isArray(o.choices)) {
        errors.add([...at, "choices"], "BASE_TYPE_ARRAY", "Must be an array.");
      } else {
        if (o.choices.length > 25) {
          errors.add([...at, "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        }
        if (o.autocomplete === true && o.choices.length > 0) {
          errors.add(
            [...at, "autocomplete"],
            "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
            "Autocomplete cannot be set on options with choices",
          );
        }
        o.choices.forEach((c, j) => {
          const cp: Path = [...at, "choices", j];
          if (!isObject(c)) return;
          if (typeof c.name !== "string" || c.name.length < 1 || c.name.length > 100) {
            errors.badLength([...cp, "name"], 1, 100);
          }
          checkLocalizations(c.name_localizations, [...cp, "name_localizations"], errors, (v, p) => {
            if (typeof v !== "string" || v.length < 1 || v.length > 100) errors.badLength(p, 1, 100);
          });
          const wantString = type === OptionType.String;
          if (wantString && (typeof c.value !== "string" || c.value.length > 100)) {
            errors.badLength([...cp, "value"], 1, 100);
          }
          if (!wantString && typeof c.value !== "number") {
            errors.add([...cp, "value"], "NUMBER_TYPE_COERCE", `Value "${String(c.value)}" is not a number.`);
          }
          if (type === OptionType.Integer && typeof c.value === "number" && !Number.isInteger(c.value)) {
            errors.add([...cp, "value"], "NUMBER_TYPE_COERCE", `Value "${c.value}" is not int.`);
          }
        });
      }
    }
    if (o.autocomplete === true && !CHOICE_TYPES.has(type)) {
      errors.add(
        [...at, "autocomplete"],
        "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
        "Autocomplete is only for string, integer and number options",
      );
    }
    for (const k of ["min_length", "max_length"] as const) {
      const v = o[k];
      if (v === undefined || v === null) continue;
      if (type !== OptionType.String) errors.add([...at, k], "BASE_TYPE_INVALID", "Only allowed on string options");
      else if (typeof v !== "number" || v < (k === "min_length" ? 0 : 1) || v > 6000) {
        errors.add([...at, k], "NUMBER_TYPE_MAX", "int value should be less than or equal to 6000.");
      }
    }
    for (const k of ["min_value", "max_value"] as const) {
      const v = o[k];
      if (v === undefined || v === null) continue;
      if (type !== OptionType.Integer && type !== OptionType.Number) {
        errors.add([...at, k], "BASE_TYPE_INVALID", "Only allowed on integer and number options");
      }
    }
  });
  if (level === "command" && subs > 0 && plain > 0) {
    errors.add(
      path,
      "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
      "Sub-command and sub-command group option types are mutually exclusive to all other types",
    );
  }
}

/** Rough size of a command as Discord counts it (names, descriptions, values; longest localization). */
function commandSize(c: JsonObject): number {
  const longest = (base: JsonValue | undefined, loc: JsonValue | undefined): number => {
    let n = typeof base === "string" ? base.length : 0;
    if (isObject(loc)) for (const v of Object.values(loc)) if (typeof v === "string") n = Math.max(n, v.length);
    return n;
  };
  let n = longest(c.name, c.name_localizations) + longest(c.description, c.description_localizations);
  const walk = (opts: JsonValue | undefined): void => {
    if (!Array.isArray(opts)) return;
    for (const o of opts) {
      if (!isObject(o)) continue;
      n += longest(o.name, o.name_localizations) + longest(o.description, o.description_localizations);
      if (Array.isArray(o.choices)) {
        for (const ch of o.choices) {
          if (isObject(ch)) n += longest(ch.name, ch.name_localizations) + String(ch.value ?? "").length;
        }
      }
      walk(o.options);
    }
  };
  walk(c.options);
  return n;
}

/** Validates a bulk overwrite body; throws 50035 (or 30032 for too many commands). */
export function validateCommands(body: unknown): JsonObject[] {
  if (!Array.isArray(body)) {
    throw new DiscordError(400, 50035, "Invalid Form Body", {
      _errors: [{ code: "BASE_TYPE_ARRAY", message: "Must be an array." }],
    });
  }
  const errors = new FormErrors();
  const seen = new Set<string>();
  const counts = new Map<number, number>();
  body.forEach((c, i) => {
    if (!isObject(c)) {
      errors.add([i], "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
      return;
    }
    const type = c.type ?? CommandType.ChatInput;
    if (typeof type !== "number" || !(type in COMMAND_LIMITS)) {
      errors.choices([i, "type"], [1, 2, 3, 4]);
      return;
    }
    counts.set(type, (counts.get(type) ?? 0) + 1);
    const chatInput = type === CommandType.ChatInput;
    checkName(c.name, [i, "name"], errors, chatInput);
    checkLocalizations(c.name_localizations, [i, "name_localizations"], errors, (v, p) =>
      checkName(v, p, errors, chatInput),
    );
    if (chatInput) {
      checkDescription(c.description, [i, "description"], errors);
      checkLocalizations(c.description_localizations, [i, "description_localizations"], errors, (v, p) =>
        checkDescription(v, p, errors),
      );
      checkOptions(c.options, [i, "options"], errors, "command");
    } else {
      if (typeof c.description === "string" && c.description !== "") {
        errors.add(
          [i, "description"],
          "APPLICATION_COMMAND_DESCRIPTION_INVALID",
          "Description must be empty for this command type",
        );
      }
      if (Array.isArray(c.options) && c.options.length > 0) {
        errors.add(
          [i, "options"],
          "APPLICATION_COMMAND_OPTIONS_INVALID",
          "Options are only allowed on chat input commands",
        );
      }
    }
    if (typeof c.name === "string") {
      const key = `${type}:${c.name}`;
      if (seen.has(key)) {
        errors.add([i, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique");
      }
      seen.add(key);
    }
    if (commandSize(c) > 8000) {
      errors.add([i], "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (8000)");
    }
  });
  errors.throwIfAny();
  for (const [type, n] of counts) {
    const max = COMMAND_LIMITS[type] ?? 0;
    if (n > max) {
      throw new DiscordError(400, 30032, `Maximum number of application commands reached (${max})`);
    }
  }
  return body.filter(isObject);
}
