"use client";

import { useActionState } from "react";
import { signInAction } from "@/app/(auth)/sign-in/actions";
import { Button, Field, FormMessage } from "@/components/ui/form";

export function SignInForm() {
  const [state, action, pending] = useActionState(signInAction, {});
  const secondStep = state.values?.pending;
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      {secondStep ? (
        <>
          <input type="hidden" name="pending" value={secondStep} />
          <input type="hidden" name="email" value={state.values?.email ?? ""} />
          <Field
            key="code"
            name="code"
            label="Authentication code"
            autoCapitalize="characters"
            spellCheck={false}
            autoComplete="one-time-code"
            autoFocus
            required
            hint="The 6-digit code from your authenticator app, or a recovery code (XXXX-XXXX-XXXX-XXXX)."
          />
          <Button type="submit" disabled={pending} className="w-full">
            {pending ? "Checking…" : "Verify"}
          </Button>
        </>
      ) : (
        <>
          <Field name="email" label="Email" type="email" autoComplete="username" required defaultValue={state.values?.email} />
          <Field name="password" label="Password" type="password" autoComplete="current-password" required />
          <Button type="submit" disabled={pending} className="w-full">
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </>
      )}
    </form>
  );
}
