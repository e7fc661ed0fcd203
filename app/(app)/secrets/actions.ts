"use server";

import { actorFor, ReauthRequiredError, requireRecentAuth, requireRole } from "@/lib/auth/dal";
import { revealSecret } from "@/lib/secrets/service";
import { toActionState } from "@/lib/actions/result";

export type RevealState = { value?: string; reauth?: boolean; error?: string };

/** Admin, recently authenticated: the one path by which a value reaches the browser. */
export async function revealSecretAction(secretId: string): Promise<RevealState> {
  try {
    const user = await requireRole("admin");
    requireRecentAuth(user);
    return await revealSecret(await actorFor(user), secretId, "reveal");
  } catch (err) {
    if (err instanceof ReauthRequiredError) return { reauth: true };
    return { error: toActionState(err).error };
  }
}
