import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { UserRow, type UserRowData } from "./user-row";

export function UsersTable({ users, selfId }: { users: UserRowData[]; selfId: string }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>User</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Last seen</TableHead>
          <TableHead>Actions</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((u) => (
          <UserRow key={u.id} user={u} self={u.id === selfId} />
        ))}
      </TableBody>
    </Table>
  );
}
