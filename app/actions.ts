"use server";

import { defineAction } from "@/lib/actions/define-action";
import { noInput } from "@/lib/actions/fields";
import { signOut } from "@/lib/auth/next-auth";
import { signOutSession } from "@/lib/users/sign-out";

/** Anyone may sign out: a session that is already gone only loses its cookie. */
export const signOutAction = defineAction({ role: "anyone", recentAuth: false, input: noInput }, async (_input, { user, actor }) => {
  if (user) await signOutSession(actor, user);
  await signOut({ redirectTo: "/sign-in" });
});
