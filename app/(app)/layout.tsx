import { AppNav } from "@/components/layout/app-nav";
import { requirePageRole } from "@/lib/auth/dal";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Each page checks its own role too: a layout alone does not guard RSC requests.
  const user = await requirePageRole("member");
  return (
    <>
      <AppNav email={user.email} role={user.role} />
      <main className="mx-auto max-w-5xl space-y-6 px-6 py-8">{children}</main>
    </>
  );
}
