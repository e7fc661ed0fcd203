import { ReauthForm } from "@/components/auth/reauth-form";
import { Card } from "@/components/ui/form";
import { recentAuthMinutes, requirePageRole } from "@/lib/auth/dal";

export const metadata = { title: "Confirm it is you · Secrets Manager" };

export default async function ReauthPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const user = await requirePageRole("member");
  const { next = "/" } = await searchParams;
  return (
    <div className="mx-auto max-w-md">
      <Card title="Confirm it is you">
        <p className="mb-4 text-sm text-zinc-600">
          Revealing or changing secrets needs a sign-in from the last {recentAuthMinutes()} minutes. Enter your password
          {user.twoFactor ? " and a code from your authenticator app" : ""} to continue.
        </p>
        <ReauthForm next={next} twoFactor={user.twoFactor} />
      </Card>
    </div>
  );
}
