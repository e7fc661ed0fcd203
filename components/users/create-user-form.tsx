"use client";

import { useActionState } from "react";
import { createUserAction } from "@/app/(app)/users/actions";
import { useReauth } from "@/components/auth/use-reauth";
import { Button, Field, FormMessage } from "@/components/ui/form";

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUserAction, {});
  useReauth(state.reauth);
  const err = (n: string) => state.fieldErrors?.[n];
  return (
    <form action={action} className="grid gap-4 md:grid-cols-2">
      <div className="md:col-span-2">
        <FormMessage state={state} />
      </div>
      <Field name="email" label="Email" type="email" required defaultValue={state.values?.email} error={err("email")} />
      <Field name="name" label="Name" defaultValue={state.values?.name} error={err("name")} />
      <Field name="password" label="Initial password" type="password" autoComplete="new-password" required error={err("password")} hint="At least 12 characters; they can change it in their account." />
      <div className="space-y-1">
        <label htmlFor="role" className="block text-sm font-medium text-zinc-700">Role</label>
        <select id="role" name="role" key={state.values?.role} defaultValue={state.values?.role ?? "member"} className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm">
          <option value="member">member</option>
          <option value="admin">admin</option>
          <option value="owner">owner</option>
        </select>
      </div>
      <div className="md:col-span-2">
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create user"}</Button>
      </div>
    </form>
  );
}
