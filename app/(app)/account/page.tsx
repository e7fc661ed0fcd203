import { AccountSessions } from "@/components/auth/account-sessions";
import { NameForm, PasswordForm } from "@/components/auth/account-forms";
import { Card } from "@/components/ui/form";
import { requirePageRole } from "@/lib/auth/dal";
import { listSessions } from "@/lib/users/sessions";
import { twoFactorEnabled } from "@/lib/users/two-factor";
import { TwoFactorCard } from "@/components/auth/two-factor-card";

export const metadata = { title: "Account · Secrets Manager" };

/** The members area: everyone signed in manages their own account here. */
export default async function AccountPage() {
  const user = await requirePageRole("member");
  const [sessions, twoFactor] = await Promise.all([listSessions(user.id), twoFactorEnabled(user.id)]);
  return (
    <>
      <h1 className="text-2xl font-semibold">Your account</h1>
      <p className="text-sm text-zinc-600">
        Signed in as <span className="font-medium">{user.email}</span> ({user.role}).
      </p>
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Profile">
          <NameForm name={user.name} />
        </Card>
        <Card title="Password">
          <PasswordForm />
        </Card>
      </div>
      {user.twoFactorRequired ? (
        <p role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="two-factor-required">
          The owner requires two-factor sign-in for admins. Set it up below to reach the admin pages.
        </p>
      ) : null}
      <Card title="Two-factor sign-in">
        <TwoFactorCard enabled={twoFactor} />
      </Card>
      <Card title="Sessions">
        <AccountSessions sessions={sessions} currentId={user.sessionId} />
      </Card>
    </>
  );
}
