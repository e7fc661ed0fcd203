"use client";

import { useActionState } from "react";
import { disableUserAction, enableUserAction, setRoleAction, signOutUserAction } from "@/app/(app)/users/actions";
import { useReauth } from "@/components/auth/use-reauth";
import { Button } from "@/components/ui/form";
import type { ActionState } from "@/lib/actions/result";
import type { UserInfo } from "@/lib/users/users";
import { ResetPasswordDialog, ResetTwoFactorDialog } from "./reset-dialogs";

const ROLES = ["owner", "admin", "member"] as const;
const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "never");

/** One user: role, enable/disable, sign-out and recovery; each a form carrying the user's id. */
export function UserRow({ user, self }: { user: UserInfo; self: boolean }) {
  const [roleState, roleAction, rolePending] = useActionState(setRoleAction, {});
  const [enableState, enableAction] = useActionState(enableUserAction, {});
  const [disableState, disableAction] = useActionState(disableUserAction, {});
  const [outState, outAction] = useActionState(signOutUserAction, {});
  const states: ActionState[] = [roleState, enableState, disableState, outState];
  const error = states.find((s) => s.error && !s.reauth)?.error;
  useReauth(states.some((s) => s.reauth));
  const userId = <input type="hidden" name="userId" value={user.id} />;
  return (
    <tr className="border-t border-zinc-100 align-top" data-testid={`user-row-${user.email}`}>
      <td className="py-2">
        <p className="font-medium">{user.email}</p>
        <p className="text-zinc-500">{user.name}{self ? " (you)" : ""}</p>
        {error ? <p role="alert" className="text-xs text-red-600">{error}</p> : null}
      </td>
      <td className="py-2">
        <form action={roleAction} className="flex gap-2">
          {userId}
          <select key={user.role} name="role" defaultValue={user.role} aria-label={`Role of ${user.email}`} className="rounded-md border border-zinc-300 px-2 py-1">
            {ROLES.map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </select>
          <Button variant="secondary" type="submit" disabled={rolePending}>Save</Button>
        </form>
      </td>
      <td className="py-2">{user.disabled ? <span className="text-red-700">disabled</span> : "active"}</td>
      <td className="py-2 text-zinc-600">{when(user.lastSeenAt)}</td>
      <td className="flex flex-wrap gap-2 py-2">
        <form action={user.disabled ? enableAction : disableAction}>
          {userId}
          <Button variant={user.disabled ? "secondary" : "danger"} type="submit">{user.disabled ? "Enable" : "Disable"}</Button>
        </form>
        <form action={outAction}>
          {userId}
          <Button variant="secondary" type="submit">Sign out everywhere</Button>
        </form>
        {self ? null : (
          <>
            <ResetPasswordDialog user={user} />
            <ResetTwoFactorDialog user={user} />
          </>
        )}
      </td>
    </tr>
  );
}
