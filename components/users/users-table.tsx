import type { UserInfo } from "@/lib/users/users";
import { UserRow } from "./user-row";

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
