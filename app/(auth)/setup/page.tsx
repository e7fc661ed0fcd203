import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SetupForm } from "@/components/auth/setup-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { hasOwner } from "@/lib/users/users";

export const metadata = { title: "Set up · Secrets Manager" };

export default async function SetupPage() {
  await connection();
  if (await hasOwner()) redirect("/sign-in");
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Create the owner account</CardTitle>
        <CardDescription>
          This is a new installation. The owner manages users, roles and encryption keys; secrets can be created once this account exists.
          To prove you run this server, enter the setup code it printed when it started.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <SetupForm />
      </CardContent>
    </Card>
  );
}
