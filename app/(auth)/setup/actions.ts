"use server";

import { defineAction } from "@/lib/actions/define-action";
import { text } from "@/lib/actions/fields";
import { clientMeta } from "@/lib/auth/dal";
import { signIn } from "@/lib/auth/next-auth";
import { attemptSignIn } from "@/lib/users/sign-in";
import { setupInput } from "@/lib/users/schemas";
import { setupOwner } from "@/lib/users/users";

// The service's own rules (lib/users/schemas.ts), so every field error shows at once; setupOwner checks them again.
const setupForm = setupInput
  .extend({ confirm: text(200) })
  .refine((f) => f.password === f.confirm, { path: ["confirm"], message: "does not match the password" });

/**
 * First run: anyone may call it, but only with the setup code that `npm start`
 * printed; setupOwner checks the code, throttles guesses and works once.
 */
export const setupAction = defineAction(
  { role: "anyone", recentAuth: false, input: setupForm, keep: ["email", "name", "code"] },
  async ({ email, name = "", password, code }) => {
    const meta = await clientMeta();
    await setupOwner({ email, password, name, code }, meta.ip ?? null);
    const result = await attemptSignIn({ email, password }, meta);
    if (!result.ok) return { error: result.error ?? "Sign in to continue.", values: { email, name } };
    await signIn("ticket", { ticket: result.ticket, redirectTo: "/" });
  },
);
