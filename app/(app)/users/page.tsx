import { CreateUserForm } from "@/components/users/create-user-form";
import { UsersTable } from "@/components/users/users-table";
import { Card } from "@/components/ui/form";
import { requirePageRole } from "@/lib/auth/dal";
import { listUsers } from "@/lib/users/users";
import { adminTwoFactorRequired } from "@/lib/users/two-factor";
import { PolicyForm } from "@/components/users/policy-form";

export const metadata = { title: "Users · Secrets Manager" };

export default async function UsersPage() {
  const owner = await requirePageRole("owner");
  const [users, requireAdmin2fa] = await Promise.all([listUsers(), adminTwoFactorRequired()]);
  return (
    <>
      <h1 className="text-2xl font-semibold">Users</h1>
      <Card title="Add a user">
        <CreateUserForm />
      </Card>
      <Card title="Security policy">
        <PolicyForm requireAdmin2fa={requireAdmin2fa} />
      </Card>
      <Card title={`Everyone (${users.length})`}>
        <UsersTable users={users} selfId={owner.id} />
      </Card>
    </>
  );
}
