"use client";

import { useActionState } from "react";
import { setupAction } from "@/app/(auth)/setup/actions";
import { Button, Field, FormMessage } from "@/components/ui/form";

export function SetupForm() {
  const [state, action, pending] = useActionState(setupAction, {});
  const err = (name: string) => state.fieldErrors?.[name];
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field
        name="code"
        label="Setup code"
        autoComplete="off"
        spellCheck={false}
        required
        defaultValue={state.values?.code}
        error={err("code")}
        hint="Printed by npm start in the server's output (or run: bin/secrets users setup-code)."
      />
      <Field name="name" label="Your name" autoComplete="name" defaultValue={state.values?.name} error={err("name")} />
      <Field name="email" label="Email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={err("email")} />
      <Field name="password" label="Password" type="password" autoComplete="new-password" required error={err("password")} hint="At least 12 characters." />
      <Field name="confirm" label="Confirm password" type="password" autoComplete="new-password" required error={err("confirm")} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating…" : "Create owner account"}
      </Button>
    </form>
  );
}
