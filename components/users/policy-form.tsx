"use client";

import { useActionState } from "react";
import { setPolicyAction } from "@/app/(app)/users/actions";
import { useReauth } from "@/components/auth/use-reauth";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form";

export function PolicyForm({ requireAdmin2fa }: { requireAdmin2fa: boolean }) {
  const [state, action, pending] = useActionState(setPolicyAction, {});
  useReauth(state.reauth);
  return (
    <form action={action} className="grid gap-4">
      <FormMessage state={state} />
      <label className="flex items-start gap-3 text-sm">
        <input
          type="checkbox"
          name="requireAdmin2fa"
          defaultChecked={requireAdmin2fa}
          key={String(requireAdmin2fa)}
          className="mt-0.5 size-4 shrink-0 rounded accent-primary focus-visible:ring-2 focus-visible:ring-ring"
        />
        <span>
          Require two-factor sign-in for admins and owners
          <span className="mt-1 block text-xs text-muted-foreground">Without it they only reach their account page.</span>
        </span>
      </label>
      <div>
        <Button variant="outline" type="submit" disabled={pending}>
          Save policy
        </Button>
      </div>
    </form>
  );
}
