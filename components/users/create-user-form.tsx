"use client";

import { useActionState } from "react";
import { UserPlus } from "lucide-react";
import { createUserAction } from "@/app/(app)/users/actions";
import { useReauth } from "@/components/auth/use-reauth";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/form";
import { FormField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/select";

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUserAction, {});
  useReauth(state.reauth);
  const err = (n: string) => state.fieldErrors?.[n];
  return (
    <form action={action} className="grid gap-4 sm:grid-cols-2" noValidate>
      <div className="sm:col-span-2 empty:hidden">
        <FormMessage state={state} />
      </div>
      <Field name="email" label="Email" type="email" autoComplete="off" required defaultValue={state.values?.email} error={err("email")} />
      <Field name="name" label="Name" autoComplete="off" defaultValue={state.values?.name} error={err("name")} />
      <Field
        name="password"
        label="Initial password"
        type="password"
        autoComplete="new-password"
        required
        error={err("password")}
        hint="At least 12 characters; they can change it in their account."
      />
      <FormField label="Role" name="role" error={err("role")}>
        <NativeSelect key={state.values?.role} defaultValue={state.values?.role ?? "member"}>
          <option value="member">member</option>
          <option value="admin">admin</option>
          <option value="owner">owner</option>
        </NativeSelect>
      </FormField>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          <UserPlus aria-hidden />
          {pending ? "Creating…" : "Create user"}
        </Button>
      </div>
    </form>
  );
}
