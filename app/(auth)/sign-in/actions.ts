"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { text } from "@/lib/actions/fields";
import { clientMeta } from "@/lib/auth/dal";
import { signIn } from "@/lib/auth/next-auth";
import { attemptSignIn, completeSecondFactor } from "@/lib/users/sign-in";

const signInInput = z.object({
  email: text(254).optional().default(""),
  password: text(200).optional().default(""),
  pending: text(100).optional().default(""),
  code: text(40).optional().default(""),
});

/** Step one (email and password) or, when the form carries a pending ticket, step two (the code). */
export const signInAction = defineAction(
  { role: "anyone", recentAuth: false, input: signInInput, keep: ["email"] },
  async ({ email, password, pending, code }) => {
    const meta = await clientMeta();
    const result = pending ? await completeSecondFactor(pending, code, meta) : await attemptSignIn({ email, password }, meta);
    if (!result.ok) return { error: result.error, values: { email, ...(result.pending ? { pending: result.pending } : {}) } };
    await signIn("ticket", { ticket: result.ticket, redirectTo: "/" });
  },
);

/** Hands over to the OpenID Connect provider; lib/auth/sso.ts decides who gets in on the way back. */
export const ssoSignInAction = defineAction({ role: "anyone", recentAuth: false, input: z.object({}) }, async () => {
  await signIn("oidc", { redirectTo: "/" });
});
