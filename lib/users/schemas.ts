import { z } from "zod";
import { visibleText } from "../validation";

export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

/** Roles are ordered: an owner can do what an admin can, an admin what a member can. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export const email = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required")
  .max(254, "must be at most 254 characters")
  .pipe(z.email({ error: "is not an email address" }));

export const password = z
  .string({ error: "is required" })
  .min(12, "must be at least 12 characters")
  .max(200, "must be at most 200 characters");

export const displayName = z
  .string()
  .trim()
  .max(100, "must be at most 100 characters")
  .pipe(visibleText());

export const role = z.enum(ROLES, { error: "must be owner, admin or member" });

export const setupCodeField = z.string({ error: "is required" }).trim().min(1, "is required").max(100, "is not the setup code");
export const setupInput = z.object({ email, password, name: displayName.optional(), code: setupCodeField });
export const createUserInput = z.object({ email, password: password.optional(), name: displayName.optional(), role });
export const signInInput = z.object({ email: z.string().trim().min(1, "is required").max(254), password: z.string().min(1, "is required").max(200) });
