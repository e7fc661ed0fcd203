import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoSignInButton } from "@/components/auth/sso-sign-in-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form";
import { currentUser } from "@/lib/auth/dal";
import { ssoEnabled, ssoName } from "@/lib/auth/next-auth";
import { hasOwner } from "@/lib/users/users";

export const metadata = { title: "Sign in · Secrets Manager" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  await connection();
  if (!(await hasOwner())) redirect("/setup");
  if (await currentUser()) redirect("/");
  const { error } = await searchParams;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Sign in</CardTitle>
        <CardDescription>With the email and password the owner gave you.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {error ? (
          <FormMessage
            state={{ error: error === "sso" ? "Single sign-on did not give you access here. Ask the owner to add your account." : "Sign-in failed. Try again." }}
          />
        ) : null}
        <SignInForm />
        {ssoEnabled ? <SsoSignInButton name={ssoName} /> : null}
      </CardContent>
    </Card>
  );
}
