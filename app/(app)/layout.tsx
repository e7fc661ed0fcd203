import { AppNav } from "@/components/layout/app-nav";
import { requirePageRole } from "@/lib/auth/dal";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Each page checks its own role too: a layout alone does not guard RSC requests.
  const user = await requirePageRole("member");
  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <AppNav email={user.email} role={user.role} />
      <main className="mx-auto w-full max-w-6xl min-w-0 flex-1 space-y-6 px-4 py-6 sm:px-6 md:py-8 lg:px-8">{children}</main>
    </div>
  );
}
