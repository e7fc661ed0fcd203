import { CreateUserForm } from "@/components/users/create-user-form";
import { PolicyForm } from "@/components/users/policy-form";
import { UsersTable } from "@/components/users/users-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/dal";
import { adminTwoFactorRequired } from "@/lib/users/two-factor";
import { listUsers } from "@/lib/users/users";

export const metadata = { title: "Users · Secrets Manager" };

export default async function UsersPage() {
  const owner = await requirePageRole("owner");
  const [users, requireAdmin2fa] = await Promise.all([listUsers(), adminTwoFactorRequired()]);
  const rows = users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString(), lastSeenAt: u.lastSeenAt?.toISOString() ?? null }));
  return (
    <>
      <PageHeader title="Users" description="Who can sign in, and what they may do: members manage their own account, admins manage secrets, owners manage everything." />
      <Card>
        <CardHeader>
          <CardTitle>Everyone ({users.length})</CardTitle>
        </CardHeader>
        <CardContent className="px-0 sm:px-2">
          <UsersTable users={rows} selfId={owner.id} />
        </CardContent>
      </Card>
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader>
            <CardTitle>Add a user</CardTitle>
            <CardDescription>Give them the initial password in person; they can change it in their account.</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateUserForm />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Security policy</CardTitle>
          </CardHeader>
          <CardContent>
            <PolicyForm requireAdmin2fa={requireAdmin2fa} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
