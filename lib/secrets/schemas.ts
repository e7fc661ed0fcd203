import { z } from "zod";
import { describeChar, findInvisible, parse as parseInput } from "../validation";

/** The rules of product.md §1, shared by the service, the API and the forms. */
export const NAME_MAX = 50;
export const VALUE_MAX_BYTES = 64 * 1024;
export const DESCRIPTION_MAX = 200;
const NAME_PATTERN = /^[A-Za-z0-9_+=\-@#$]+$/;

export const secretName = z.string({ error: "must be a string" }).superRefine((name, ctx) => {
  if (name.length === 0) return void ctx.addIssue({ code: "custom", message: "is required" });
  if (name.length > NAME_MAX) {
    return void ctx.addIssue({ code: "custom", message: `must be at most ${NAME_MAX} characters (got ${name.length})` });
  }
  if (!NAME_PATTERN.test(name)) {
    const bad = [...name].find((c) => !NAME_PATTERN.test(c)) ?? "";
    ctx.addIssue({
      code: "custom",
      message: `may contain only letters, digits and _ + = - @ # $ (found ${describeChar(bad)})`,
    });
  }
});

export const secretValue = z.string({ error: "must be a string" }).superRefine((value, ctx) => {
  if (value.length === 0) return void ctx.addIssue({ code: "custom", message: "is required" });
  // Checked on the character count first so a 10 MB value is refused cheaply.
  // TextEncoder, not Buffer: the same rule runs in the browser's Add dialog.
  if (value.length > VALUE_MAX_BYTES || new TextEncoder().encode(value).length > VALUE_MAX_BYTES) {
    return void ctx.addIssue({ code: "custom", message: `must be at most ${VALUE_MAX_BYTES} bytes (64 KiB) in UTF-8` });
  }
  if (!value.isWellFormed()) {
    ctx.addIssue({ code: "custom", message: "is not valid Unicode text (lone surrogate)" });
  }
});

export const secretDescription = z.string({ error: "must be a string" }).superRefine((text, ctx) => {
  if (text.length > DESCRIPTION_MAX) {
    return void ctx.addIssue({
      code: "custom",
      message: `must be at most ${DESCRIPTION_MAX} characters (got ${text.length})`,
    });
  }
  const bad = findInvisible(text);
  if (bad !== undefined) ctx.addIssue({ code: "custom", message: `may not contain ${describeChar(bad)}` });
});

export const createSecretInput = z.strictObject({
  name: secretName,
  value: secretValue,
  description: secretDescription.optional(),
});
export type CreateSecretInput = z.input<typeof createSecretInput>;

export const updateSecretInput = z.strictObject({
  name: secretName.optional(),
  value: secretValue.optional(),
  description: secretDescription.optional(),
});
export type UpdateSecretInput = z.input<typeof updateSecretInput>;

export const secretId = z.uuid({ error: "must be a secret id (a UUID)" });

/** Parses or throws a ValidationError naming the first bad field. */
export function parse<T extends z.ZodType>(schema: T, input: unknown, field = "input"): z.output<T> {
  return parseInput(schema, input, field, "is not a field of a secret");
}
