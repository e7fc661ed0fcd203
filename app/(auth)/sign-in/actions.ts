"use server";

import { clientMeta } from "@/lib/auth/dal";
import { signIn } from "@/lib/auth/next-auth";
import { attemptSignIn } from "@/lib/auth/sign-in";
import { field, type ActionState } from "@/lib/actions/result";

export async function signInAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const result = await attemptSignIn({ email: field(form, "email"), password: field(form, "password") }, await clientMeta());
  if (!result.ok) return { error: result.error, values: { email: field(form, "email") } };
  await signIn("ticket", { ticket: result.ticket, redirectTo: "/" });
  return {};
}
