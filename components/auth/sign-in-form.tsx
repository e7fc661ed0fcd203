"use client";

import { useActionState } from "react";
import { signInAction } from "@/app/(auth)/sign-in/actions";
import { Button, Field, FormMessage } from "@/components/ui/form";

export function SignInForm() {
  const [state, action, pending] = useActionState(signInAction, {});
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <Field name="email" label="Email" type="email" autoComplete="username" required defaultValue={state.values?.email} />
      <Field name="password" label="Password" type="password" autoComplete="current-password" required />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
