"use client";

import { useActionState } from "react";
import { signOutAction } from "@/app/actions";

export function SignOutButton() {
  const [, action, pending] = useActionState(signOutAction, {});
  return (
    <form action={action}>
      <button type="submit" disabled={pending} className="text-zinc-600 hover:text-zinc-900">
        Sign out
      </button>
    </form>
  );
}
