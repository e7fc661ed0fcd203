import { redirect } from "next/navigation";
import { connection } from "next/server";
import { currentUser, hasRole } from "@/lib/auth/dal";
import { hasOwner } from "@/lib/users/users";

/** Sends each visitor where they belong: setup, sign-in, the members area or the dashboard. */
export default async function HomePage() {
  await connection();
  const user = await currentUser();
  if (!user) redirect((await hasOwner()) ? "/sign-in" : "/setup");
  redirect(hasRole(user, "admin") ? "/secrets" : "/account");
}
