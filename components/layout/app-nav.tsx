import type { Role } from "@/lib/users/schemas";
import { MobileNav } from "./mobile-nav";
import { SidebarContent } from "./sidebar-content";

/** The signed-in navigation: a sidebar from the md breakpoint up, a top bar with a menu sheet below it. */
export function AppNav({ email, role }: { email: string; role: Role }) {
  return (
    <>
      <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 border-r bg-sidebar md:block">
        <SidebarContent email={email} role={role} />
      </aside>
      <MobileNav email={email} role={role} />
    </>
  );
}
