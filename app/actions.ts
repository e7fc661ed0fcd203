"use server";

import { actorFor, currentUser } from "@/lib/auth/dal";
import { signOut } from "@/lib/auth/next-auth";
import { revokeSession } from "@/lib/users/sessions";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";

/** Ends this browser's session on the server too, not only its cookie. */
export async function signOutAction(): Promise<void> {
  const user = await currentUser();
  if (user) {
    await revokeSession(user.id, user.sessionId);
    await audit(db(), await actorFor(user), { action: "auth.sign-out", target: user.email });
  }
  await signOut({ redirectTo: "/sign-in" });
}
