"use server";

import { clientMeta } from "@/lib/auth/dal";
import { signIn } from "@/lib/auth/next-auth";
import { attemptSignIn } from "@/lib/users/sign-in";
import { setupOwner } from "@/lib/users/users";
import { field, toActionState, type ActionState } from "@/lib/actions/result";

/** First run: anyone may call it, and it works exactly once (setupOwner locks). */
export async function setupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const email = field(form, "email");
  const password = field(form, "password");
  const values = { email, name: field(form, "name") };
  if (password !== field(form, "confirm")) {
    return { error: "Check the highlighted field.", fieldErrors: { confirm: "does not match the password" }, values };
  }
  const meta = await clientMeta();
  try {
    await setupOwner({ email, password, name: values.name }, meta.ip ?? null);
  } catch (err) {
    return { ...toActionState(err), values };
  }
  const result = await attemptSignIn({ email, password }, meta);
  if (!result.ok) return { error: result.error ?? "Sign in to continue.", values };
  await signIn("ticket", { ticket: result.ticket, redirectTo: "/" });
  return {};
}
