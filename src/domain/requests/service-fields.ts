// A category's extra questions, in Open311's own words (GeoReport v2
// "attributes"): stored as JSON on ServiceCategory.fields, seeded from the
// config file, served at /open311/v2/services/<code>.json.
import { z } from "zod";

export const FIELD_DATATYPES = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"] as const;

export const serviceFieldSchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { message: "must be 1-40 of A-Z, a-z, 0-9, _ and -" }),
  description: z.string().min(1).max(200),
  datatype: z.enum(FIELD_DATATYPES).default("string"),
  required: z.boolean().default(false),
  datatype_description: z.string().max(200).optional(),
  order: z.number().int().min(0).optional(),
  /** Only for singlevaluelist and multivaluelist. */
  values: z.array(z.object({ key: z.string().min(1).max(40), name: z.string().min(1).max(80) })).optional(),
});

export type ServiceField = z.infer<typeof serviceFieldSchema>;

/** The stored JSON, read leniently: a row written by hand never breaks the API. */
export function readFields(json: string): ServiceField[] {
  // Most categories ask nothing more, and filing reads every category of the community (issue 16).
  if (json === "[]" || json === "") return [];
  try {
    const parsed = z.array(serviceFieldSchema).safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
