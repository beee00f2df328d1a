// Seeding a community's categories and contacts from a file
// (TALKOOT_CONFIG_FILE: YAML or JSON, validated with zod), so a city can keep
// its routing in version control. Read at every start; applying the same
// file again changes nothing (categories are matched by code, contacts by
// name). Categories and contacts the file does not mention are left as they
// are: admins may add their own with /setup.
//
//   communities:
//     - community: Kallio            # the community's id, or its exact name
//       requestPrefix: K             # public numbers K-1001, K-1002, …
//       supportThreshold: 5          # +1s on a stale request that remind its contact
//       categories:
//         - code: lighting
//           name: Street lighting
//           keywords: [streetlight, lamp, katuvalo]
//           expect: 3 days           # expected response time (or minutes, as a number)
//           fields:                  # Open311 attributes (optional)
//             - { code: pole, description: Number on the pole, datatype: string }
//       contacts:
//         - name: City lighting team
//           categories: [lighting]
//           email: lighting@example.org
//           chat: slack:T1:C2        # optional: else set with /setup contact add in that chat
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { fold } from "./category-match.js";
import {
  MAX_CATEGORY_DESCRIPTION,
  MAX_CATEGORY_NAME,
  MAX_CONTACT_NAME,
  MAX_KEYWORDS,
  parseExpect,
  RESERVED_CODES,
} from "./limits.js";
import { PREFIX_PATTERN } from "./numbering.js";
import type { SaveOutcome } from "./save-outcome.js";
import { serviceFieldSchema } from "./service-fields.js";
import type { RequestsServices } from "./services.js";

const listOf = (item: z.ZodString) =>
  z.union([
    z.array(item),
    z.string().transform((text) =>
      text
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ]);

const code = z
  .string()
  .transform((c) => c.trim().toLowerCase())
  .pipe(
    z
      .string()
      .regex(/^[\p{Ll}\p{N}][\p{Ll}\p{N}_-]{0,29}$/u, { message: "must be 1-30 lower-case letters, digits, - or _" })
      .refine((c) => !RESERVED_CODES.has(c), { message: "is a /request subcommand and cannot be a category code" }),
  );

const expect = z.union([
  z
    .number()
    .int()
    .min(1)
    .max(365 * 24 * 60),
  z.string().transform((text, ctx) => {
    try {
      return parseExpect(text);
    } catch {
      ctx.addIssue({ code: "custom", message: 'must be a duration such as "3 days" or "48h"' });
      return z.NEVER;
    }
  }),
]);

const categorySchema = z.object({
  code,
  name: z.string().trim().min(1).max(MAX_CATEGORY_NAME),
  keywords: listOf(z.string().trim().toLowerCase().min(1).max(40))
    .pipe(z.array(z.string()).max(MAX_KEYWORDS))
    .default([]),
  description: z.string().trim().max(MAX_CATEGORY_DESCRIPTION).optional(),
  expect: expect.optional(),
  fields: z.array(serviceFieldSchema).default([]),
});

const contactSchema = z.object({
  name: z.string().trim().min(1).max(MAX_CONTACT_NAME),
  categories: listOf(z.string().trim().toLowerCase().min(1)).pipe(z.array(z.string()).min(1)),
  email: z.email().optional(),
  chat: z
    .string()
    .regex(/^[a-z]+:.+/, { message: 'must be a namespaced chat id such as "slack:T1:C2"' })
    .optional(),
});

export const requestsConfigSchema = z.object({
  communities: z
    .array(
      z.object({
        community: z.string().trim().min(1),
        requestPrefix: z.string().regex(PREFIX_PATTERN, { message: "must be 1-5 capital letters" }).optional(),
        supportThreshold: z.number().int().min(1).max(10_000).optional(),
        categories: z.array(categorySchema).default([]),
        contacts: z.array(contactSchema).default([]),
      }),
    )
    .default([]),
});

export type RequestsConfig = z.infer<typeof requestsConfigSchema>;

export class ConfigFileError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "ConfigFileError";
  }
}

type Counts = Record<SaveOutcome, number>;

export interface ConfigReport {
  applied: Array<{ community: string; categories: Counts; contacts: Counts }>;
  /** Communities the file names that do not exist (yet): set them up, then restart. */
  skipped: string[];
  warnings: string[];
}

/** Reads, checks and applies the file; a bad file throws ConfigFileError with one line per problem. */
export async function loadRequestsConfig(path: string, s: RequestsServices): Promise<ConfigReport> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigFileError([
      `config file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`,
    ]);
  }
  // Imported here: only a bot with TALKOOT_CONFIG_FILE needs it (72 modules, a megabyte of heap).
  const { parse: parseYaml } = await import("yaml");
  let raw: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both.
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigFileError([
      `config file ${path}: not valid YAML or JSON: ${(error as Error).message.split("\n")[0]}`,
    ]);
  }
  return applyRequestsConfig(parseRequestsConfig(raw, path), s);
}

export function parseRequestsConfig(raw: unknown, source = "config"): RequestsConfig {
  const parsed = requestsConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new ConfigFileError(
    parsed.error.issues.map((issue) => `config file ${source}: ${issue.path.join(".") || "(top)"} ${issue.message}`),
  );
}

export async function applyRequestsConfig(config: RequestsConfig, s: RequestsServices): Promise<ConfigReport> {
  const { store } = s.deps;
  const report: ConfigReport = { applied: [], skipped: [], warnings: [] };
  for (const entry of config.communities) {
    const community = await findCommunity(s, entry.community);
    if (!community) {
      report.skipped.push(entry.community);
      continue;
    }
    const problems = unknownCodes(
      entry,
      (await s.repo.categories.list(community.id)).map((c) => c.code),
    );
    if (problems.length) throw new ConfigFileError(problems);
    if (entry.requestPrefix) await s.repo.prefixes.set(community.id, entry.requestPrefix);
    if (entry.supportThreshold) s.settings.setSupportThreshold(community.id, entry.supportThreshold);

    const categories: Counts = { created: 0, updated: 0, unchanged: 0 };
    for (const category of entry.categories) {
      const { outcome } = await s.repo.categories.save(community.id, {
        code: category.code,
        name: category.name,
        keywords: category.keywords,
        description: category.description ?? null,
        expectMinutes: category.expect ?? null,
        fields: category.fields,
      });
      categories[outcome]++;
    }
    const contacts: Counts = { created: 0, updated: 0, unchanged: 0 };
    for (const contact of entry.contacts) {
      if (contact.chat) {
        const chat = await store.chats.find(contact.chat);
        if (!chat || chat.communityId !== community.id) {
          report.warnings.push(
            `contact "${contact.name}": the bot has not seen chat ${contact.chat} in "${community.name}" yet; link it with /setup join <code> --officials`,
          );
        }
      }
      const { outcome } = await s.repo.contacts.save(community.id, {
        name: contact.name,
        categories: [...new Set(contact.categories)],
        email: contact.email ?? null,
        ...(contact.chat ? { chatId: contact.chat } : {}),
      });
      contacts[outcome]++;
    }
    if (categories.created + categories.updated + contacts.created + contacts.updated > 0) {
      await store.audit.record({
        communityId: community.id,
        action: "request.config",
        subject: "config-file",
        detail: { categories, contacts },
      });
    }
    report.applied.push({ community: community.name, categories, contacts });
  }
  return report;
}

async function findCommunity(s: RequestsServices, reference: string) {
  const byId = await s.deps.store.communities.find(reference);
  if (byId) return byId;
  const all = await s.deps.store.database.db.community.findMany({ orderBy: { createdAt: "asc" } });
  const named = all.filter((c) => fold(c.name) === fold(reference));
  return named.length === 1 ? named[0] : undefined;
}

/** A contact may list the file's categories and the community's existing ones, nothing else. */
function unknownCodes(entry: RequestsConfig["communities"][number], existing: string[]): string[] {
  const known = new Set([...existing, ...entry.categories.map((c) => c.code)]);
  return entry.contacts.flatMap((contact) =>
    contact.categories
      .filter((c) => !known.has(c))
      .map(
        (c) => `config file: contact "${contact.name}" lists category "${c}", which "${entry.community}" does not have`,
      ),
  );
}
