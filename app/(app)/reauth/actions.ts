"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { text } from "@/lib/actions/fields";
import { clientMeta } from "@/lib/auth/dal";
import { safeNext } from "@/lib/auth/safe-next";
import { reauthenticate } from "@/lib/users/sign-in";

const reauthInput = z.object({ password: text(200), code: text(40).optional(), next: text(2000).default("/") });

/** Proves the password (and code) again, then goes back to the page that asked. */
export const reauthAction = defineAction({ role: "member", recentAuth: false, input: reauthInput }, async (input, { user }) => {
  const result = await reauthenticate(user, { password: input.password, code: input.code }, await clientMeta());
  if (!result.ok) return { error: result.error };
  redirect(safeNext(input.next));
});
