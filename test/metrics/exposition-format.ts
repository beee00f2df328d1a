// A strict reader of the Prometheus text exposition format (version 0.0.4),
// written from the format's documentation and the lint rules `promtool check
// metrics` applies, so the test needs no Prometheus install. It returns every
// problem it finds, one line each; an empty list means the text is clean.
//
// Format: "# HELP name text", "# TYPE name counter|gauge|histogram|summary|untyped",
// then samples "name{label="value",…} value [timestamp]". A family's TYPE and
// HELP come before its samples, at most once each, and its samples are not
// interleaved with another family's. Label values escape \\, \" and \n.
// Lint (promlint): every family has HELP; a counter's name ends in _total and
// nothing else does; names are snake_case; no duplicate series.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  help: string | undefined;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
/** Go's ParseFloat, which Prometheus uses, reads Inf and NaN in any case (prom-client writes "Nan"). */
const VALUE = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf|nan)$/i;

export function parseExposition(text: string): { families: Map<string, Family>; problems: string[] } {
  const problems: string[] = [];
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  let current: string | undefined;
  const seriesSeen = new Set<string>();
  const typed = new Set<string>();

  if (text.length > 0 && !text.endsWith("\n")) problems.push("the text does not end with a newline");
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();

  const enter = (family: string, line: number) => {
    if (current === family) return;
    if (current !== undefined) closed.add(current);
    if (closed.has(family)) problems.push(`line ${line}: family ${family} continues after another family`);
    current = family;
  };
  const familyOf = (name: string, line: number): Family => {
    let family = families.get(name);
    if (!family) {
      family = { name, type: "untyped", help: undefined, samples: [] };
      families.set(name, family);
    }
    enter(name, line);
    return family;
  };

  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    if (raw.startsWith("#")) {
      const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(raw);
      if (!meta) return; // any other comment is allowed
      const [, keyword, name = "", rest = ""] = meta;
      if (!METRIC_NAME.test(name)) problems.push(`line ${line}: bad metric name ${name}`);
      const family = familyOf(name, line);
      if (keyword === "HELP") {
        if (family.help !== undefined) problems.push(`line ${line}: second HELP for ${name}`);
        family.help = rest;
      } else {
        if (!TYPES.has(rest)) problems.push(`line ${line}: unknown TYPE ${rest} for ${name}`);
        if (family.samples.length > 0) problems.push(`line ${line}: TYPE for ${name} after its samples`);
        if (typed.has(name)) problems.push(`line ${line}: second TYPE for ${name}`);
        typed.add(name);
        family.type = rest;
      }
      return;
    }
    const sample = parseSample(raw);
    if (typeof sample === "string") {
      problems.push(`line ${line}: ${sample}`);
      return;
    }
    const family = familyOf(familyName(sample.name, families), line);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seriesSeen.has(key)) problems.push(`line ${line}: duplicate series ${raw}`);
    seriesSeen.add(key);
    family.samples.push(sample);
  });
  for (const family of families.values()) {
    if (!typed.has(family.name)) problems.push(`${family.name}: no TYPE line`);
    problems.push(...lint(family));
  }
  return { families, problems };
}

/** The family a sample belongs to: histogram and summary samples carry a suffix. */
function familyName(sampleName: string, families: Map<string, Family>): string {
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (!sampleName.endsWith(suffix)) continue;
    const base = sampleName.slice(0, -suffix.length);
    const type = families.get(base)?.type;
    if (type === "histogram" || (type === "summary" && suffix !== "_bucket")) return base;
  }
  return sampleName;
}

function parseSample(raw: string): Sample | string {
  const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(raw);
  if (!head?.[1]) return `not a sample: ${raw}`;
  const name = head[1];
  let at = name.length;
  const labels: Record<string, string> = {};
  if (raw[at] === "{") {
    at += 1;
    while (raw[at] !== "}") {
      const label = /^([^=]*)="/.exec(raw.slice(at));
      if (!label) return `bad label list: ${raw}`;
      const labelName = label[1] ?? "";
      if (!LABEL_NAME.test(labelName) || labelName.startsWith("__")) return `bad label name ${labelName}`;
      if (labelName in labels) return `label ${labelName} twice: ${raw}`;
      at += label[0].length;
      let value = "";
      for (;;) {
        const c = raw[at];
        if (c === undefined) return `unterminated label value: ${raw}`;
        at += 1;
        if (c === '"') break;
        if (c === "\\") {
          const escaped = raw[at];
          at += 1;
          if (escaped === "n") value += "\n";
          else if (escaped === "\\" || escaped === '"') value += escaped;
          else return `bad escape \\${escaped ?? ""} in ${raw}`;
        } else value += c;
      }
      labels[labelName] = value;
      if (raw[at] === ",") at += 1;
      else if (raw[at] !== "}") return `expected , or } in ${raw}`;
    }
    at += 1;
  }
  const rest = raw.slice(at);
  const parts = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
  if (!parts?.[1] || !VALUE.test(parts[1])) return `bad value in ${raw}`;
  const special = parts[1].toLowerCase();
  const value = special.endsWith("inf") ? Number(special.replace("inf", "Infinity")) : Number(parts[1]);
  return { name, labels, value };
}

function lint(family: Family): string[] {
  const problems: string[] = [];
  const { name, type } = family;
  if (!family.help) problems.push(`${name}: no HELP text`);
  if (/[a-z][A-Z]/.test(name)) problems.push(`${name}: not snake_case`);
  if (type === "counter") {
    if (!name.endsWith("_total")) problems.push(`${name}: counter names end in _total`);
    for (const s of family.samples) {
      if (s.name !== name) problems.push(`${name}: counter sample ${s.name}`);
      if (!(s.value >= 0)) problems.push(`${name}: counter below zero or NaN`);
    }
  } else if (name.endsWith("_total")) {
    problems.push(`${name}: a ${type} must not end in _total`);
  }
  if (type !== "histogram" && type !== "summary") {
    if (/_(bucket|sum|count)$/.test(name)) problems.push(`${name}: reserved suffix on a ${type}`);
    if (family.samples.some((s) => "le" in s.labels)) problems.push(`${name}: label le on a ${type}`);
  }
  if (type === "histogram") problems.push(...lintHistogram(family));
  return problems;
}

/** Buckets rise with le, end in +Inf, and _count equals the +Inf bucket, for each label set. */
function lintHistogram(family: Family): string[] {
  const problems: string[] = [];
  const groups = new Map<string, { buckets: Array<[number, number]>; count?: number; sum?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (s.name === `${family.name}_bucket`) {
      if (le === undefined) problems.push(`${family.name}: bucket without le`);
      else group.buckets.push([le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), s.value]);
    } else if (s.name === `${family.name}_count`) group.count = s.value;
    else if (s.name === `${family.name}_sum`) group.sum = s.value;
    else problems.push(`${family.name}: stray sample ${s.name}`);
  }
  for (const [key, group] of groups) {
    const sorted = [...group.buckets].sort((a, b) => a[0] - b[0]);
    if (sorted.at(-1)?.[0] !== Number.POSITIVE_INFINITY) problems.push(`${family.name}${key}: no +Inf bucket`);
    for (let i = 1; i < sorted.length; i++) {
      if ((sorted[i]?.[1] ?? 0) < (sorted[i - 1]?.[1] ?? 0)) problems.push(`${family.name}${key}: buckets fall`);
    }
    if (group.count === undefined || group.sum === undefined) problems.push(`${family.name}${key}: no _count or _sum`);
    else if (group.count !== sorted.at(-1)?.[1]) problems.push(`${family.name}${key}: _count is not the +Inf bucket`);
  }
  return problems;
}
