"use client";

import { Badge } from "@/components/ui/badge";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import type { Role } from "@/lib/users/schemas";
import { Brand } from "./brand";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

/**
 * The sidebar's inside, shared by the desktop sidebar and the phone's menu
 * sheet. Only one copy carries `data-testid="signed-in-as"` (the sheet's is
 * mounted only while open, next to the hidden desktop one).
 */
export function SidebarContent({
  email,
  role,
  onNavigate,
  testIds = true,
}: {
  email: string;
  role: Role;
  onNavigate?: () => void;
  testIds?: boolean;
}) {
  return (
    <nav aria-label="Main" className="flex h-full min-h-0 flex-col gap-6 p-4">
      <div className="px-1 pt-1">
        <Brand onNavigate={onNavigate} />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <NavLinks role={role} onNavigate={onNavigate} />
      </div>
      <div className="flex min-w-0 flex-col gap-2 border-t pt-4">
        <div className="flex min-w-0 items-center gap-2 px-1">
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium" title={email} data-testid={testIds ? "signed-in-as" : undefined}>
              {email}
              <span className="sr-only"> · {role}</span>
            </p>
            <Badge variant="secondary" className="mt-1 capitalize" aria-hidden>
              {role}
            </Badge>
          </div>
          <ThemeToggle />
        </div>
        <SignOutButton />
      </div>
    </nav>
  );
}
