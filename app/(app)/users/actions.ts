"use server";

import { revalidatePath } from "next/cache";
import { actorFor, requireRole } from "@/lib/auth/dal";
import type { Role } from "@/lib/users/schemas";
import { setAdminTwoFactorRequired } from "@/lib/users/two-factor";
import { createUser, disableUser, enableUser, setRole, signOutEverywhere } from "@/lib/users/users";
import { field, toActionState, type ActionState } from "@/lib/actions/result";

// Owner only. The user id is bound on the server page; the service re-loads and locks the row.

async function asOwner<T>(fn: (actor: Awaited<ReturnType<typeof actorFor>>) => Promise<T>): Promise<ActionState> {
  try {
    const owner = await requireRole("owner");
    await fn(await actorFor(owner));
    revalidatePath("/users");
    return { ok: true };
  } catch (err) {
    return toActionState(err);
  }
}

export async function createUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const result = await asOwner((actor) =>
    createUser(actor, {
      email: field(form, "email"),
      name: field(form, "name"),
      role: field(form, "role") as Role,
      password: field(form, "password"),
    }),
  );
  if (result.ok) return { ok: true, message: `Created ${field(form, "email")}.` };
  return { ...result, values: { email: field(form, "email"), name: field(form, "name"), role: field(form, "role") } };
}

export async function setRoleAction(userId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  return asOwner((actor) => setRole(actor, userId, field(form, "role") as Role));
}

export async function disableUserAction(userId: string, _prev: ActionState): Promise<ActionState> {
  return asOwner((actor) => disableUser(actor, userId));
}

export async function enableUserAction(userId: string, _prev: ActionState): Promise<ActionState> {
  return asOwner((actor) => enableUser(actor, userId));
}

export async function signOutUserAction(userId: string, _prev: ActionState): Promise<ActionState> {
  return asOwner((actor) => signOutEverywhere(actor, userId));
}

export async function setPolicyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const owner = await requireRole("owner");
    const required = form.get("requireAdmin2fa") === "on";
    await setAdminTwoFactorRequired(await actorFor(owner), owner.id, required);
    revalidatePath("/users");
    return { ok: true, message: required ? "Admins now need two-factor sign-in." : "Two-factor sign-in is optional for admins." };
  } catch (err) {
    return toActionState(err);
  }
}
