"use server";

import { redirect } from "next/navigation";
import { clientMeta, requireRole } from "@/lib/auth/dal";
import { safeNext } from "@/lib/auth/safe-next";
import { reauthenticate } from "@/lib/users/sign-in";
import { field, toActionState, type ActionState } from "@/lib/actions/result";

export async function reauthAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  let result;
  try {
    const user = await requireRole("member");
    result = await reauthenticate(user, { password: field(form, "password"), code: field(form, "code") }, await clientMeta());
  } catch (err) {
    return toActionState(err);
  }
  if (!result.ok) return { error: result.error };
  redirect(safeNext(field(form, "next")));
}
