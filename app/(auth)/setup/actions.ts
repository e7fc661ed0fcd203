"use server";

import { clientMeta } from "@/lib/auth/dal";
import { signIn } from "@/lib/auth/next-auth";
import { attemptSignIn } from "@/lib/users/sign-in";
import { setupOwner } from "@/lib/users/users";
import { field, toActionState, type ActionState } from "@/lib/actions/result";

/**
 * First run: anyone may call it, but only with the setup code that `npm start`
 * printed; setupOwner checks the code, throttles guesses and works once.
 */
export async function setupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const email = field(form, "email");
  const password = field(form, "password");
  const values = { email, name: field(form, "name"), code: field(form, "code") };
  if (password !== field(form, "confirm")) {
    return { error: "Check the highlighted field.", fieldErrors: { confirm: "does not match the password" }, values };
  }
  const meta = await clientMeta();
  try {
    await setupOwner({ email, password, name: values.name, code: values.code }, meta.ip ?? null);
  } catch (err) {
    return { ...toActionState(err), values };
  }
  const result = await attemptSignIn({ email, password }, meta);
  if (!result.ok) return { error: result.error ?? "Sign in to continue.", values };
  await signIn("ticket", { ticket: result.ticket, redirectTo: "/" });
  return {};
}
