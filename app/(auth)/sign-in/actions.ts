"use server";

import { clientMeta } from "@/lib/auth/dal";
import { signIn } from "@/lib/auth/next-auth";
import { attemptSignIn, completeSecondFactor } from "@/lib/users/sign-in";
import { field, type ActionState } from "@/lib/actions/result";

/** Step one (email and password) or, when the form carries a pending ticket, step two (the code). */
export async function signInAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const meta = await clientMeta();
  const email = field(form, "email");
  const pending = field(form, "pending");
  const result = pending
    ? await completeSecondFactor(pending, field(form, "code"), meta)
    : await attemptSignIn({ email, password: field(form, "password") }, meta);
  if (!result.ok) return { error: result.error, values: { email, ...(result.pending ? { pending: result.pending } : {}) } };
  await signIn("ticket", { ticket: result.ticket, redirectTo: "/" });
  return {};
}

/** Hands over to the OpenID Connect provider; lib/auth/sso.ts decides who gets in on the way back. */
export async function ssoSignInAction(): Promise<void> {
  await signIn("oidc", { redirectTo: "/" });
}
