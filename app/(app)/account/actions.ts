"use server";

import { revalidatePath } from "next/cache";
import { actorFor, ReauthRequiredError, requireRecentAuth, requireRole } from "@/lib/auth/dal";
import { signOut } from "@/lib/auth/next-auth";
import { revokeSession } from "@/lib/users/sessions";
import { confirmEnrollment, disableTwoFactor, startEnrollment } from "@/lib/users/two-factor";
import { changePassword, signOutEverywhere, updateName } from "@/lib/users/users";
import { field, toActionState, type ActionState } from "@/lib/actions/result";

// Every action: authorize (any signed-in user, acting on themselves only) → validate and act in the service → revalidate.

export async function updateNameAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const user = await requireRole("member");
    await updateName(await actorFor(user), user.id, field(form, "name"));
    revalidatePath("/account");
    return { ok: true, message: "Name saved." };
  } catch (err) {
    return toActionState(err);
  }
}

export async function changePasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const user = await requireRole("member");
    if (field(form, "newPassword") !== field(form, "confirm")) {
      return { error: "Check the highlighted field.", fieldErrors: { confirm: "does not match the new password" } };
    }
    await changePassword(await actorFor(user), user.id, field(form, "currentPassword"), field(form, "newPassword"), user.sessionId);
    revalidatePath("/account");
    return { ok: true, message: "Password changed. Your other sessions were signed out." };
  } catch (err) {
    return toActionState(err);
  }
}

export async function revokeSessionAction(sessionId: string): Promise<void> {
  const user = await requireRole("member");
  await revokeSession(user.id, sessionId);
  revalidatePath("/account");
}

export async function signOutEverywhereAction(): Promise<void> {
  const user = await requireRole("member");
  await signOutEverywhere(await actorFor(user), user.id);
  await signOut({ redirectTo: "/sign-in" });
}

/** Two-factor set-up in one action: intent "start" (new secret), "confirm" (code → recovery codes), "disable" (password). */
export async function twoFactorAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const user = await requireRole("member");
    // Changing how you sign in is a dangerous step: it needs a recent sign-in.
    requireRecentAuth(user);
    const actor = await actorFor(user);
    switch (field(form, "intent")) {
      case "start": {
        const { secret, uri } = await startEnrollment(user.id, user.email);
        return { values: { secret, uri } };
      }
      case "confirm": {
        const codes = await confirmEnrollment(actor, user.id, field(form, "code"));
        revalidatePath("/account");
        return { ok: true, message: "Two-factor sign-in is on.", values: { codes: codes.join(" ") } };
      }
      case "disable":
        await disableTwoFactor(actor, user.id, field(form, "password"), field(form, "code"));
        revalidatePath("/account");
        return { ok: true, message: "Two-factor sign-in is off." };
      default:
        return { error: "Unknown request." };
    }
  } catch (err) {
    if (err instanceof ReauthRequiredError) return { error: "Confirm it is you first.", values: { reauth: "1" } };
    const state = toActionState(err);
    // Keep the set-up on screen when only the code was wrong.
    return field(form, "intent") === "confirm" ? { ...state, values: { secret: field(form, "secret"), uri: field(form, "uri") } } : state;
  }
}
