import { z } from "zod";

/**
 * Schema pieces for action inputs, which arrive as form fields (strings) or
 * as plain objects. Every string is bounded before any service sees it; the
 * services still apply their own rules (lib/users/schemas.ts…).
 */
export const text = (max: number) => z.string({ error: "is required" }).max(max, `must be at most ${max} characters`);

/** A row id from a hidden field or a call: a UUID, checked before it reaches SQL. */
export const id = z.uuid({ error: "is not a valid id" });

/** An HTML checkbox ("on" when ticked, absent when not) or a boolean from a call. */
export const checkbox = z
  .union([z.boolean(), z.literal("on")], { error: "must be on or off" })
  .optional()
  .transform((v) => v === true || v === "on");

/** A form with no fields of its own (a lone button). */
export const noInput = z.object({});
