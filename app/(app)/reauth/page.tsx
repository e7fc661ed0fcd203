import { ShieldCheck } from "lucide-react";
import { ReauthForm } from "@/components/auth/reauth-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { recentAuthMinutes, requirePageRole } from "@/lib/auth/dal";

export const metadata = { title: "Confirm it is you · Secrets Manager" };

export default async function ReauthPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const user = await requirePageRole("member");
  const { next = "/" } = await searchParams;
  return (
    <div className="mx-auto max-w-md pt-4 md:pt-12">
      <Card>
        <CardHeader>
          <div className="mb-2 flex size-10 items-center justify-center rounded-full bg-muted" aria-hidden>
            <ShieldCheck className="size-5 text-muted-foreground" />
          </div>
          <CardTitle as="h1" className="text-xl">
            Confirm it is you
          </CardTitle>
          <CardDescription>
            Revealing or changing secrets and granting access need a sign-in from the last {recentAuthMinutes()} minutes. Enter your password
            {user.twoFactor ? " and a code from your authenticator app" : ""} to continue.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ReauthForm next={next} twoFactor={user.twoFactor} />
        </CardContent>
      </Card>
    </div>
  );
}
