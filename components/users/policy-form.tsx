"use client";

import { useActionState } from "react";
import { setPolicyAction } from "@/app/(app)/users/actions";
import { useReauth } from "@/components/auth/use-reauth";
import { Button, FormMessage } from "@/components/ui/form";

export function PolicyForm({ requireAdmin2fa }: { requireAdmin2fa: boolean }) {
  const [state, action, pending] = useActionState(setPolicyAction, {});
  useReauth(state.reauth);
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="requireAdmin2fa" defaultChecked={requireAdmin2fa} key={String(requireAdmin2fa)} />
        Require two-factor sign-in for admins and owners
      </label>
      <Button variant="secondary" type="submit" disabled={pending}>Save policy</Button>
    </form>
  );
}
