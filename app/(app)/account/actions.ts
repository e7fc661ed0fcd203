"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { noInput, text } from "@/lib/actions/fields";
import { signOut } from "@/lib/auth/next-auth";
import { displayName, password } from "@/lib/users/schemas";
import { revokeSessionByHandle } from "@/lib/users/sessions";
import { confirmEnrollment, disableTwoFactor, startEnrollment } from "@/lib/users/two-factor";
import { changePassword, signOutEverywhere, updateName } from "@/lib/users/users";

// Any signed-in user, acting on their own account only: the user comes from the session, never from the input.

export const updateNameAction = defineAction(
  { role: "member", recentAuth: false, input: z.object({ name: displayName }), revalidate: "/account", keep: ["name"] },
  async ({ name }, { user, actor }) => {
    await updateName(actor, user.id, name);
    return { ok: true, message: "Name saved." };
  },
);

// Every field's error at once: the match check runs even when another field is wrong.
const passwordChange = z
  .object({ currentPassword: text(200).min(1, "is required"), newPassword: password, confirm: text(200) })
  .refine((v) => v.newPassword === v.confirm, { path: ["confirm"], message: "does not match the new password", when: bothStrings });

function bothStrings(payload: { value: unknown }): boolean {
  const v = payload.value as Record<string, unknown> | null;
  return typeof v?.newPassword === "string" && typeof v?.confirm === "string";
}

export const changePasswordAction = defineAction(
  { role: "member", recentAuth: false, input: passwordChange, revalidate: "/account" },
  async ({ currentPassword, newPassword }, { user, actor }) => {
    await changePassword(actor, user.id, currentPassword, newPassword, user.sessionId);
    return { ok: true, message: "Password changed. Your other sessions were signed out." };
  },
);

export const revokeSessionAction = defineAction(
  { role: "member", recentAuth: false, input: z.object({ session: text(40) }), revalidate: "/account" },
  async ({ session }, { user }) => {
    await revokeSessionByHandle(user.id, session);
    return { ok: true, message: "That session is signed out." };
  },
);

export const signOutEverywhereAction = defineAction({ role: "member", recentAuth: false, input: noInput }, async (_input, { user, actor }) => {
  await signOutEverywhere(actor, user.id);
  await signOut({ redirectTo: "/sign-in" });
});

/** Two-factor set-up in one action: "start" (new secret), "confirm" (code → recovery codes), "disable" (password and code). */
const twoFactorInput = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("start") }),
    // secret and uri are only echoed back to keep the set-up on screen; the service uses the stored secret.
    z.object({ intent: z.literal("confirm"), code: text(20), secret: text(200).optional(), uri: text(500).optional() }),
    z.object({ intent: z.literal("disable"), password: text(200), code: text(40) }),
  ],
  { error: "is not a known request" },
);

// Changing how you sign in is a dangerous step: it needs a recent sign-in.
export const twoFactorAction = defineAction(
  { role: "member", recentAuth: true, input: twoFactorInput, revalidate: "/account", keep: ["secret", "uri"] },
  async (input, { user, actor }) => {
    switch (input.intent) {
      case "start":
        return { values: await startEnrollment(user.id, user.email) };
      case "confirm": {
        const codes = await confirmEnrollment(actor, user.id, input.code);
        return { ok: true, message: "Two-factor sign-in is on.", values: { codes: codes.join(" ") } };
      }
      case "disable":
        await disableTwoFactor(actor, user.id, input.password, input.code);
        return { ok: true, message: "Two-factor sign-in is off." };
    }
  },
);
