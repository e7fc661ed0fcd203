"use client";

import { useActionState } from "react";
import { reauthAction } from "@/app/(app)/reauth/actions";
import { Button, Field, FormMessage } from "@/components/ui/form";

export function ReauthForm({ next, twoFactor }: { next: string; twoFactor: boolean }) {
  const [state, action, pending] = useActionState(reauthAction, {});
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="next" value={next} />
      <Field name="password" label="Password" type="password" autoComplete="current-password" required autoFocus />
      {twoFactor ? <Field name="code" label="Authentication code" inputMode="numeric" autoComplete="one-time-code" required /> : null}
      <Button type="submit" disabled={pending}>Confirm</Button>
    </form>
  );
}
