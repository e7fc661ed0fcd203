"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { checkbox, id, text } from "@/lib/actions/fields";
import { displayName, email, password, ROLES } from "@/lib/users/schemas";
import { setAdminTwoFactorRequired } from "@/lib/users/two-factor";
import { createUser, disableUser, enableUser, resetPassword, resetTwoFactor, setRole, signOutEverywhere } from "@/lib/users/users";

// Owner only. Every step that can grant or widen access to values (a new
// user, a role, enabling, the 2FA policy, resets) also needs a recent
// sign-in; steps that only take access away do not. The user id comes from a
// form field: the service re-loads and locks the row.

const role = z.enum(ROLES, { error: "must be owner, admin or member" });
const onUser = z.object({ userId: id });

export const createUserAction = defineAction(
  {
    role: "owner",
    recentAuth: true,
    // The service's own field rules, so every field's error shows at once (the service checks them again).
    input: z.object({ email, name: displayName.default(""), role, password }),
    revalidate: "/users",
    keep: ["email", "name", "role"],
  },
  async (input, { actor }) => {
    await createUser(actor, input);
    return { ok: true, message: `Created ${input.email}.` };
  },
);

export const setRoleAction = defineAction(
  { role: "owner", recentAuth: true, input: onUser.extend({ role }), revalidate: "/users" },
  async ({ userId, role: newRole }, { actor }) => setRole(actor, userId, newRole),
);

export const enableUserAction = defineAction(
  { role: "owner", recentAuth: true, input: onUser, revalidate: "/users" },
  async ({ userId }, { actor }) => enableUser(actor, userId),
);

export const disableUserAction = defineAction(
  { role: "owner", recentAuth: false, input: onUser, revalidate: "/users" },
  async ({ userId }, { actor }) => disableUser(actor, userId),
);

export const signOutUserAction = defineAction(
  { role: "owner", recentAuth: false, input: onUser, revalidate: "/users" },
  async ({ userId }, { actor }) => {
    await signOutEverywhere(actor, userId);
  },
);

const passwordReset = onUser
  .extend({ newPassword: password, confirm: text(200) })
  .refine((v) => v.newPassword === v.confirm, {
    path: ["confirm"],
    message: "does not match the new password",
    // Checked even when the password itself is refused: every error at once.
    when: (p) => typeof (p.value as { confirm?: unknown } | null)?.confirm === "string",
  });

/** Account recovery: the user's sessions end and they sign in with the new password. */
export const resetPasswordAction = defineAction(
  { role: "owner", recentAuth: true, input: passwordReset, revalidate: "/users" },
  async ({ userId, newPassword }, { actor }) => {
    await resetPassword(actor, userId, newPassword);
    return { ok: true, message: "Password reset. Their sessions were signed out." };
  },
);

export const resetTwoFactorAction = defineAction(
  { role: "owner", recentAuth: true, input: onUser, revalidate: "/users" },
  async ({ userId }, { actor }) => {
    await resetTwoFactor(actor, userId);
    return { ok: true, message: "Two-factor sign-in removed. Their sessions were signed out." };
  },
);

export const setPolicyAction = defineAction(
  { role: "owner", recentAuth: true, input: z.object({ requireAdmin2fa: checkbox }), revalidate: "/users" },
  async ({ requireAdmin2fa }, { user, actor }) => {
    await setAdminTwoFactorRequired(actor, user.id, requireAdmin2fa);
    return { ok: true, message: requireAdmin2fa ? "Admins now need two-factor sign-in." : "Two-factor sign-in is optional for admins." };
  },
);

