"use client";

import { useActionState } from "react";
import { LogOut } from "lucide-react";
import { signOutAction } from "@/app/actions";
import { Button } from "@/components/ui/button";

export function SignOutButton({ className }: { className?: string }) {
  const [, action, pending] = useActionState(signOutAction, {});
  return (
    <form action={action} className={className}>
      <Button type="submit" variant="ghost" size="sm" disabled={pending} className="w-full justify-start">
        <LogOut aria-hidden />
        Sign out
      </Button>
    </form>
  );
}
