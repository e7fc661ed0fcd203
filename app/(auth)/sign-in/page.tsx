import { redirect } from "next/navigation";
import { connection } from "next/server";
import { ssoSignInAction } from "./actions";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Button, Card } from "@/components/ui/form";
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
    <Card title="Sign in">
      {error ? (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error === "sso" ? "Single sign-on did not give you access here. Ask the owner to add your account." : "Sign-in failed. Try again."}
        </p>
      ) : null}
      <SignInForm />
      {ssoEnabled ? (
        <form action={ssoSignInAction} className="mt-4 border-t border-zinc-100 pt-4">
          <Button variant="secondary" type="submit" className="w-full">
            Sign in with {ssoName}
          </Button>
        </form>
      ) : null}
    </Card>
  );
}
