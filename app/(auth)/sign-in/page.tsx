import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card } from "@/components/ui/form";
import { currentUser } from "@/lib/auth/dal";
import { hasOwner } from "@/lib/auth/users";

export const metadata = { title: "Sign in · Secrets Manager" };

export default async function SignInPage() {
  await connection();
  if (!(await hasOwner())) redirect("/setup");
  if (await currentUser()) redirect("/");
  return (
    <Card title="Sign in">
      <SignInForm />
    </Card>
  );
}
