import { z } from "zod";
import { describeChar, parse as parseInput } from "../validation";

/**
 * The rules for API tokens, shared by the service, the CLI and the
 * dashboard's create dialog (so the browser shows the server's messages).
 * Pure: no I/O, safe to import in client components.
 */
export const SCOPES = ["secrets:read", "secrets:write"] as const;
export type Scope = (typeof SCOPES)[number];

export const TOKEN_NAME_MAX = 50;
export const PATTERN_MAX = 50;
export const PATTERNS_MAX = 20;
const DAY_MS = 86_400_000;
/** 5 years of 365 days: "--expires-in 5y" is the longest a token may live. */
export const MAX_EXPIRY_DAYS = 5 * 365;
/** 1 hour: a shorter life is a typo more often than a plan. */
export const MIN_EXPIRY_DAYS = 1 / 24;

/** A secret name's characters (product.md §1) plus "." (e.g. "backend.prod"). */
const NAME_CHARS = /^[A-Za-z0-9_+=\-@#$.]+$/;
/** A secret name's characters plus "*", the only wildcard. */
const PATTERN_CHARS = /^[A-Za-z0-9_+=\-@#$*]+$/;

function charsRule(pattern: RegExp, allowed: string, max: number) {
  return z.string({ error: "must be a string" }).superRefine((text, ctx) => {
    if (text.length === 0) return void ctx.addIssue({ code: "custom", message: "is required" });
    if (text.length > max) return void ctx.addIssue({ code: "custom", message: `must be at most ${max} characters (got ${text.length})` });
    if (!pattern.test(text)) {
      const bad = [...text].find((c) => !pattern.test(c)) ?? "";
      ctx.addIssue({ code: "custom", message: `may contain only ${allowed} (found ${describeChar(bad)})` });
    }
  });
}

export const tokenName = charsRule(NAME_CHARS, "letters, digits and _ + = - @ # $ .", TOKEN_NAME_MAX);
export const namePattern = charsRule(PATTERN_CHARS, "letters, digits, _ + = - @ # $ and * as a wildcard", PATTERN_MAX);

export const scope = z.enum(SCOPES, { error: `must be ${SCOPES.join(" or ")}` });

/** At least one scope; duplicates collapse; stored in a fixed order. */
export const scopes = z
  .array(scope, { error: "must be a list of scopes" })
  .min(1, `needs at least one scope (${SCOPES.join(", ")})`)
  .transform((list) => SCOPES.filter((s) => list.includes(s)));

/** Empty: every secret. Duplicates (regardless of case) collapse. */
export const namePatterns = z
  .array(namePattern, { error: "must be a list of name patterns" })
  .max(PATTERNS_MAX, `may hold at most ${PATTERNS_MAX} patterns`)
  .transform((list) => list.filter((p, i) => list.findIndex((q) => q.toLowerCase() === p.toLowerCase()) === i));

export const expiresInDays = z
  .number({ error: "must be a number of days" })
  .refine(Number.isFinite, "must be a number of days")
  .min(MIN_EXPIRY_DAYS, "must be at least 1 hour")
  .max(MAX_EXPIRY_DAYS, `must be at most 5 years (${MAX_EXPIRY_DAYS} days)`);

/** The dashboard's expiry choices, in days (the CLI takes any duration). */
export const EXPIRY_CHOICES = ["30", "90", "365", "never"] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

export const createTokenInput = z.strictObject({
  name: tokenName,
  scopes,
  /** Omitted or null: the token never expires. */
  expiresInDays: expiresInDays.nullable().optional(),
  namePatterns: namePatterns.optional(),
});
export type CreateTokenInput = z.input<typeof createTokenInput>;

/** Parses or throws a ValidationError naming the first bad field. */
export function parse<T extends z.ZodType>(schema: T, input: unknown, field = "input"): z.output<T> {
  return parseInput(schema, input, field, "is not a field of a token");
}

const UNIT_DAYS: Record<string, number> = { h: 1 / 24, d: 1, w: 7, y: 365 };

/**
 * "--expires-in 90d" (also 12h, 2w, 1y; a whole number and one unit) as a
 * number of days, within 1 hour and 5 years. Months are left out on
 * purpose: "1m" reads as a minute to some and a month to others.
 */
export function parseExpiresIn(text: string): number {
  const m = /^\s*(\d{1,6})\s*([hdwy])\s*$/i.exec(text);
  if (!m) throw new ExpiresInError(`"${text.slice(0, 20)}" is not a duration: use a whole number and h, d, w or y (e.g. 12h, 90d, 1y)`);
  const days = Number(m[1]) * UNIT_DAYS[m[2]!.toLowerCase()]!;
  if (days < MIN_EXPIRY_DAYS) throw new ExpiresInError("must be at least 1 hour");
  if (days > MAX_EXPIRY_DAYS) throw new ExpiresInError(`must be at most 5 years (5y, ${MAX_EXPIRY_DAYS}d)`);
  return days;
}

export class ExpiresInError extends Error {
  override name = "ExpiresInError";
}

/** When a token created at `from` for `days` days expires. */
export const expiryFrom = (days: number, from = new Date()) => new Date(from.getTime() + Math.round(days * DAY_MS));
