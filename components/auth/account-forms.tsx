"use client";

import { useActionState } from "react";
import { changePasswordAction, updateNameAction } from "@/app/(app)/account/actions";
import { Button, Field, FormMessage } from "@/components/ui/form";

export function NameForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState(updateNameAction, {});
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <Field name="name" label="Name" defaultValue={name} autoComplete="name" error={state.fieldErrors?.name} />
      <Button type="submit" disabled={pending}>Save</Button>
    </form>
  );
}

export function PasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, {});
  const err = (n: string) => state.fieldErrors?.[n];
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={err("currentPassword")} />
      <Field name="newPassword" label="New password" type="password" autoComplete="new-password" error={err("newPassword")} hint="At least 12 characters." />
      <Field name="confirm" label="Confirm new password" type="password" autoComplete="new-password" error={err("confirm")} />
      <Button type="submit" disabled={pending}>Change password</Button>
    </form>
  );
}
