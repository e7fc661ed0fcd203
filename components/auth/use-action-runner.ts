"use client";

import { usePathname, useRouter } from "next/navigation";
import { toast } from "sonner";
import type { ActionState } from "@/lib/actions/result";
import { reauthUrl } from "./use-reauth";

/**
 * Runs a server action from a button (not a form) and reports the outcome in
 * a toast; a `{ reauth }` answer sends the user to confirm their password and
 * back. Returns the action's state so the caller can show an error in place.
 */
export function useActionRunner() {
  const router = useRouter();
  const pathname = usePathname();
  return async function run(call: () => Promise<ActionState>, success: string): Promise<ActionState> {
    // An action that redirects (signing out) may settle without a state.
    const state = (await call()) ?? {};
    if (state.reauth) {
      router.push(reauthUrl(pathname));
    } else if (state.error) {
      toast.error(state.error);
    } else {
      toast.success(state.message ?? success);
    }
    return state;
  };
}
