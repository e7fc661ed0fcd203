import { createRequire } from "node:module";
import type * as Dotenv from "dotenv";
import { CliError } from "./io";

/**
 * .env files in and out, as `dotenv` (18.0.10, the parser most programs
 * load them with) reads them. Export quotes each value so that
 * `dotenv.parse` gives it back byte for byte, checks that it does, and
 * refuses a secret it cannot write rather than write it wrong. Import checks
 * every line itself (dotenv skips a malformed line without a word) and
 * names the bad ones with their line numbers.
 */
const dotenv = (): typeof Dotenv => createRequire(import.meta.url)("dotenv") as typeof Dotenv;

/** Names dotenv reads: its key pattern is [\w.-]+. */
const DOTENV_KEY = /^[\w.-]+$/;

/**
 * One `NAME=value` line dotenv reads back as exactly `value`, or null when
 * there is none. In dotenv's rules: '…' and `…` keep their content as is
 * (line breaks included) but cannot hold their own quote; "…" turns \n and
 * \r into line breaks (so it cannot hold a literal backslash-n) and cannot
 * hold "; a bare value cannot hold #, a line break or edge spaces; a
 * carriage return survives only as \r inside "…" (the file's CRs become
 * LFs); a value ending in a backslash inside quotes makes dotenv look for a
 * later closing quote, possibly in the next entry. So a value holding all
 * three quote kinds and a line break has no spelling.
 */
export function envLine(name: string, value: string): string | null {
  const endsInBackslash = value.endsWith("\\");
  if (!value.includes("\r") && !endsInBackslash) {
    if (!value.includes("'")) return `${name}='${value}'`;
    if (!value.includes("`")) return `${name}=\`${value}\``;
  }
  if (!value.includes('"') && !/\\[nr]/.test(value) && !endsInBackslash) {
    return `${name}="${value.replace(/\r/g, "\\r").replace(/\n/g, "\\n")}"`;
  }
  if (/^[^\s'"`#][^#\r\n]*$/.test(value) && !/\s$/.test(value) && !/[\u2028\u2029]/.test(value)) return `${name}=${value}`;
  return null;
}

/** Why `value` has no .env spelling, in words (never the value). */
function whyNot(value: string): string {
  const kinds = ["'", '"', "`"].filter((q) => value.includes(q));
  const parts = [kinds.length ? `${kinds.join(" ")} quotes` : "", /[\r\n]/.test(value) ? "a line break" : "", value.endsWith("\\") ? "a final backslash" : ""];
  return parts.filter(Boolean).join(" and ") || "characters dotenv cannot read back";
}

/**
 * The whole file, checked: every line alone, then the file as dotenv parses
 * it, must give back exactly the values. A secret that cannot be written is
 * an error naming it; nothing is printed in that case.
 */
export function formatEnv(entries: { name: string; value: string }[]): string {
  const badNames = entries.filter((e) => !DOTENV_KEY.test(e.name)).map((e) => `"${e.name}"`);
  if (badNames.length) {
    throw new CliError(
      `cannot export ${badNames.join(", ")} to a .env file: dotenv reads only names of letters, digits, _ . and -. Leave ${badNames.length === 1 ? "it" : "them"} out (--only, --prefix) or use --format json`,
    );
  }
  const lines: string[] = [];
  for (const { name, value } of entries) {
    const line = envLine(name, value);
    if (line === null || dotenv().parse(line)[name] !== value) {
      throw new CliError(`cannot export "${name}" to a .env file: its value holds ${whyNot(value)}, which dotenv would not read back exactly. Leave it out (--only, --prefix) or use --format json`);
    }
    lines.push(line);
  }
  const text = lines.map((l) => `${l}\n`).join("");
  const back = dotenv().parse(text);
  const wrong = entries.find((e) => back[e.name] !== e.value);
  if (wrong) throw new CliError(`cannot export "${wrong.name}" to a .env file: dotenv would not read it back exactly next to the others. Export it alone (--only ${wrong.name}) or use --format json`);
  return text;
}

/** One entry of a .env file, where it starts (1-based line of its name). */
export type EnvEntry = { name: string; value: string; line: number };

// dotenv 18.0.10's own line pattern (lib/main.js LINE), with `d` for match positions: the same entries, the same spans.
const LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm;

const NAME_RULE = /^[A-Za-z0-9_+=\-@#$]+$/;
const NAME_MAX = 50;
const VALUE_MAX_BYTES = 64 * 1024;

/**
 * Parses a .env file for import: dotenv decides every value; this checks
 * what dotenv would skip or silently take. Any bad line (not NAME=value, an
 * unclosed quote, an empty value, a name the secret rules refuse, a name
 * given twice) is reported as `FILE:LINE: …`, all of them at once, and
 * nothing is returned.
 */
export function parseEnvFile(text: string, file: string): EnvEntry[] {
  const src = text.replace(/\r\n?/g, "\n");
  const lineOf = lineNumbers(src);
  const problems: { line: number; message: string }[] = [];
  const found: EnvEntry[] = [];
  const covered: [number, number][] = [];
  for (const m of src.matchAll(LINE)) {
    const [start, end] = m.indices![0]!;
    covered.push([start, end]);
    const name = m[1]!;
    const line = lineOf(m.indices![1]![0]);
    const raw = (m[2] ?? "").trim();
    const quote = raw[0];
    if ((quote === "'" || quote === '"' || quote === "`") && (raw.length < 2 || !raw.endsWith(quote))) {
      problems.push({ line, message: `${name}: the value starts with a ${quote} quote but does not end with one (a quote never closed, or text after it)` });
      continue;
    }
    found.push({ name, value: "", line });
  }
  // Whatever the pattern did not cover must be blank lines and comments.
  let at = 0;
  for (const [start, end] of [...covered, [src.length, src.length] as [number, number]]) {
    const gap = src.slice(at, start);
    let offset = at;
    for (const piece of gap.split("\n")) {
      const t = piece.trim();
      if (t && !t.startsWith("#")) problems.push({ line: lineOf(offset), message: "not a NAME=value line (a value with line breaks must be quoted)" });
      offset += piece.length + 1;
    }
    at = end;
  }
  const parsed = dotenv().parse(src);
  const seen = new Map<string, number>();
  for (const entry of found) {
    if (!Object.hasOwn(parsed, entry.name)) throw new CliError(`${file}: could not be read reliably (dotenv disagrees about ${entry.name}); nothing was imported`);
    const earlier = seen.get(entry.name.toLowerCase());
    if (earlier !== undefined) problems.push({ line: entry.line, message: `${entry.name} is given twice (also on line ${earlier})` });
    else seen.set(entry.name.toLowerCase(), entry.line);
  }
  const entries = found.map((e) => ({ ...e, value: parsed[e.name]! }));
  for (const e of entries) {
    const nameProblem = checkName(e.name);
    if (nameProblem) problems.push({ line: e.line, message: `"${e.name}" ${nameProblem}` });
    else if (e.value === "") problems.push({ line: e.line, message: `${e.name}: the value is empty (a secret needs at least 1 character)` });
    else if (Buffer.byteLength(e.value, "utf8") > VALUE_MAX_BYTES) problems.push({ line: e.line, message: `${e.name}: the value is over 64 KiB` });
  }
  if (problems.length) throw new CliError(importProblems(file, problems));
  return entries;
}

/** A flat JSON object of names to string values (what `export --format json` writes). */
export function parseJsonFile(text: string, file: string): EnvEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file}: is not valid JSON (${(err as Error).message}); nothing was imported`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new CliError(`${file}: expected an object of NAME: "value" pairs; nothing was imported`);
  const problems: { line: number; message: string }[] = [];
  const seen = new Map<string, string>();
  const entries = Object.entries(data).map(([name, value], i) => ({ name, value: value as string, line: i + 1 }));
  for (const e of entries) {
    const nameProblem = checkName(e.name);
    if (nameProblem) problems.push({ line: e.line, message: `"${e.name}" ${nameProblem}` });
    else if (typeof e.value !== "string") problems.push({ line: e.line, message: `${e.name}: the value must be a string` });
    else if (e.value === "") problems.push({ line: e.line, message: `${e.name}: the value is empty (a secret needs at least 1 character)` });
    const other = seen.get(e.name.toLowerCase());
    if (other !== undefined) problems.push({ line: e.line, message: `${e.name} is given twice (also as ${other}; names differ only in letter case)` });
    seen.set(e.name.toLowerCase(), e.name);
  }
  if (problems.length) throw new CliError(importProblems(file, problems, "entry"));
  return entries;
}

function importProblems(file: string, problems: { line: number; message: string }[], unit = "line"): string {
  const sorted = problems.sort((a, b) => a.line - b.line);
  const shown = sorted.slice(0, 20).map((p) => `${file}:${unit === "line" ? "" : "entry "}${p.line}: ${p.message}`);
  if (sorted.length > 20) shown.push(`… and ${sorted.length - 20} more`);
  return `${shown.join("\n")}\nnothing was imported`;
}

/** The secret name rules (lib/secrets/schemas.ts), checked here so a bad line is named before anything is sent. */
function checkName(name: string): string | undefined {
  if (name.length > NAME_MAX) return `is not a valid secret name: at most ${NAME_MAX} characters (got ${name.length})`;
  if (!NAME_RULE.test(name)) {
    const bad = [...name].find((c) => !NAME_RULE.test(c)) ?? "";
    return `is not a valid secret name: may contain only letters, digits and _ + = - @ # $ (found "${bad}")`;
  }
  return undefined;
}

/** 1-based line number of a character index, by binary search over the line starts. */
function lineNumbers(src: string): (index: number) => number {
  const starts = [0];
  for (let i = src.indexOf("\n"); i !== -1; i = src.indexOf("\n", i + 1)) starts.push(i + 1);
  return (index) => {
    let [lo, hi] = [0, starts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
