"use client";

import { useActionState } from "react";
import { ssoSignInAction } from "@/app/(auth)/sign-in/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form";

export function SsoSignInButton({ name }: { name: string }) {
  const [state, action, pending] = useActionState(ssoSignInAction, {});
  return (
    <form action={action} className="grid gap-4">
      <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden>
        <span className="h-px flex-1 bg-border" />
        or
        <span className="h-px flex-1 bg-border" />
      </div>
      <FormMessage state={state} />
      <Button variant="outline" type="submit" disabled={pending} className="w-full">
        Sign in with {name}
      </Button>
    </form>
  );
}
