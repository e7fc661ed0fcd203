"use client";

import { useActionState } from "react";
import { changePasswordAction, updateNameAction } from "@/app/(app)/account/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/form";

export function NameForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState(updateNameAction, {});
  // A refused name stays in the field (React resets a form after its action); a saved one comes back from the page.
  const shown = state.values?.name ?? name;
  return (
    <form action={action} className="grid gap-4">
      <FormMessage state={state} />
      <Field key={shown} name="name" label="Name" defaultValue={shown} autoComplete="name" error={state.fieldErrors?.name} />
      <div>
        <Button type="submit" disabled={pending}>
          Save
        </Button>
      </div>
    </form>
  );
}

export function PasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, {});
  const err = (n: string) => state.fieldErrors?.[n];
  return (
    <form action={action} className="grid gap-4">
      <FormMessage state={state} />
      <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={err("currentPassword")} />
      <Field name="newPassword" label="New password" type="password" autoComplete="new-password" error={err("newPassword")} hint="At least 12 characters." />
      <Field name="confirm" label="Confirm new password" type="password" autoComplete="new-password" error={err("confirm")} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </Button>
      </div>
    </form>
  );
}
