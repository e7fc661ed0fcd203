"use client";

import { useActionState } from "react";
import { disableUserAction, enableUserAction, setRoleAction, signOutUserAction } from "@/app/(app)/users/actions";
import { Button } from "@/components/ui/form";
import type { ActionState } from "@/lib/actions/result";
import type { UserInfo } from "@/lib/users/users";

const ROLES = ["owner", "admin", "member"] as const;
const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "never");

export function UsersTable({ users, selfId }: { users: UserInfo[]; selfId: string }) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-zinc-500">
        <tr>
          <th className="py-2 font-medium">User</th>
          <th className="py-2 font-medium">Role</th>
          <th className="py-2 font-medium">Status</th>
          <th className="py-2 font-medium">Last seen</th>
          <th className="py-2 font-medium">Actions</th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <UserRow key={u.id} user={u} self={u.id === selfId} />
        ))}
      </tbody>
    </table>
  );
}

function UserRow({ user, self }: { user: UserInfo; self: boolean }) {
  const [roleState, roleAction, rolePending] = useActionState(setRoleAction.bind(null, user.id), {});
  const toggle = user.disabled ? enableUserAction : disableUserAction;
  const [toggleState, toggleAction] = useActionState(toggle.bind(null, user.id), {});
  const [outState, outAction] = useActionState(signOutUserAction.bind(null, user.id), {});
  const error = [roleState, toggleState, outState].find((s: ActionState) => s.error)?.error;
  return (
    <tr className="border-t border-zinc-100 align-top" data-testid={`user-row-${user.email}`}>
      <td className="py-2">
        <p className="font-medium">{user.email}</p>
        <p className="text-zinc-500">{user.name}{self ? " (you)" : ""}</p>
        {error ? <p role="alert" className="text-xs text-red-600">{error}</p> : null}
      </td>
      <td className="py-2">
        <form action={roleAction} className="flex gap-2">
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
      <td className="flex gap-2 py-2">
        <form action={toggleAction}>
          <Button variant={user.disabled ? "secondary" : "danger"} type="submit">{user.disabled ? "Enable" : "Disable"}</Button>
        </form>
        <form action={outAction}>
          <Button variant="secondary" type="submit">Sign out everywhere</Button>
        </form>
      </td>
    </tr>
  );
}
