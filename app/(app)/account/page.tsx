import { ShieldAlert } from "lucide-react";
import { NameForm, PasswordForm } from "@/components/auth/account-forms";
import { AccountSessions } from "@/components/auth/account-sessions";
import { describeAgent } from "@/components/auth/describe-agent";
import { TwoFactorCard } from "@/components/auth/two-factor-card";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/dal";
import { listSessions } from "@/lib/users/sessions";
import { twoFactorEnabled } from "@/lib/users/two-factor";

export const metadata = { title: "Account · Secrets Manager" };

/** The members area: everyone signed in manages their own account here. */
export default async function AccountPage() {
  const user = await requirePageRole("member");
  const [sessions, twoFactor] = await Promise.all([listSessions(user.id, user.sessionId), twoFactorEnabled(user.id)]);
  // Only what the list shows crosses to the browser: a named browser, not the raw user agent.
  const rows = sessions.map((s) => ({
    handle: s.handle,
    current: s.current,
    device: describeAgent(s.userAgent),
    ip: s.ip,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
  }));
  return (
    <>
      <PageHeader
        title="Your account"
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            Signed in as <span className="font-medium break-all text-foreground">{user.email}</span>
            <Badge variant="secondary" className="capitalize">
              {user.role}
            </Badge>
          </span>
        }
      />
      {user.twoFactorRequired ? (
        <Alert variant="warning" role="alert" data-testid="two-factor-required">
          <ShieldAlert aria-hidden />
          <AlertTitle>Two-factor sign-in required</AlertTitle>
          <AlertDescription>The owner requires two-factor sign-in for admins. Set it up below to reach the admin pages.</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Profile</CardTitle>
            <CardDescription>The name others see in the audit log.</CardDescription>
          </CardHeader>
          <CardContent>
            <NameForm name={user.name} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Password</CardTitle>
            <CardDescription>Changing it signs out your other sessions.</CardDescription>
          </CardHeader>
          <CardContent>
            <PasswordForm />
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Two-factor sign-in</CardTitle>
          <CardDescription>Keeps your account safe if your password leaks.</CardDescription>
        </CardHeader>
        <CardContent>
          <TwoFactorCard enabled={twoFactor} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>Where your account is signed in. Sign out any you do not recognise.</CardDescription>
        </CardHeader>
        <CardContent>
          <AccountSessions sessions={rows} />
        </CardContent>
      </Card>
    </>
  );
}
