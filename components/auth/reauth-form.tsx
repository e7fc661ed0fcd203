"use client";

import { useActionState } from "react";
import { reauthAction } from "@/app/(app)/reauth/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/form";

export function ReauthForm({ next, twoFactor }: { next: string; twoFactor: boolean }) {
  const [state, action, pending] = useActionState(reauthAction, {});
  return (
    <form action={action} className="grid gap-4">
      <FormMessage state={state} />
      <input type="hidden" name="next" value={next} />
      <Field name="password" label="Password" type="password" autoComplete="current-password" required autoFocus error={state.fieldErrors?.password} />
      {twoFactor ? (
        <Field name="code" label="Authentication code" inputMode="numeric" autoComplete="one-time-code" required error={state.fieldErrors?.code} />
      ) : null}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Checking…" : "Confirm"}
      </Button>
    </form>
  );
}
