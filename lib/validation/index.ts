import { z } from "zod";
import { ValidationError } from "../errors";

/**
 * What every schema in lib/ shares: parsing that throws a ValidationError
 * naming the first bad field, and the check that keeps text people read
 * (names, descriptions, user names) free of characters they cannot see.
 */

/** Parses or throws a ValidationError naming the first bad field. */
export function parse<T extends z.ZodType>(schema: T, input: unknown, field = "input", unknownKey = "is not a known field"): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.length ? issue.path.join(".") : field;
  if (issue.code === "unrecognized_keys") throw new ValidationError(issue.keys[0] ?? path, unknownKey);
  throw new ValidationError(path, issue.message);
}

/**
 * Characters refused in visible text, by Unicode category rather than by a
 * list: every control (Cc), format (Cf: zero-width, bidi overrides, BOM…),
 * private-use (Co), surrogate (Cs) and unassigned (Cn) code point, line and
 * paragraph separators, every space other than U+0020, and the code points
 * Unicode itself marks as default-ignorable (Hangul fillers and the like).
 */
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u;

/**
 * Emoji sequences are visible even though two of their joints are format
 * characters: the emoji presentation selector (U+FE0F, as in ❤️) and the
 * zero-width joiner (U+200D, as in 👨‍👩‍👧). Those two are allowed only
 * inside such a sequence, right after a pictograph.
 */
const PICTOGRAPH = String.raw`(?:(?!\p{Cn})\p{Extended_Pictographic})(?:\p{Emoji_Modifier}|\uFE0F)?`;
const EMOJI_SEQUENCE = new RegExp(`${PICTOGRAPH}(?:\\u200D${PICTOGRAPH})*`, "gu");

/** The first character of `text` that a reader could not see, if any. */
export function findInvisible(text: string): string | undefined {
  return INVISIBLE.exec(text.replace(EMOJI_SEQUENCE, "x"))?.[0];
}

/** A zod refinement for visible, single-line text. */
export function visibleText(schema: z.ZodString = z.string()) {
  return schema.superRefine((text, ctx) => {
    const bad = findInvisible(text);
    if (bad !== undefined) ctx.addIssue({ code: "custom", message: `may not contain ${describeChar(bad)}` });
  });
}

/** Names a character for an error message without printing something invisible. */
export function describeChar(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  if (c === " ") return "a space";
  if (findInvisible(c) !== undefined) return `the invisible character ${hex}`;
  return `"${c}" (${hex})`;
}
