"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { BookOpen, KeyRound, KeySquare, ScrollText, Trash2, UserRound, Users, Webhook } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { roleAtLeast, type Role } from "@/lib/users/schemas";
import { isCurrent, NAV_ITEMS, type NavItem } from "./nav-items";

const ICONS: Record<NavItem["icon"], typeof KeyRound> = {
  secrets: KeyRound,
  tokens: KeySquare,
  webhooks: Webhook,
  api: BookOpen,
  trash: Trash2,
  audit: ScrollText,
  users: Users,
  account: UserRound,
};

export function NavLinks({ role, onNavigate }: { role: Role; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="grid gap-1">
      {NAV_ITEMS.filter((item) => roleAtLeast(role, item.role)).map((item) => {
        const current = isCurrent(pathname, item.href);
        const Icon = ICONS[item.icon];
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={current ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring",
                current ? "bg-accent text-accent-foreground" : "text-muted-foreground hover:bg-accent/60 hover:text-foreground",
              )}
            >
              <Icon className="size-4 shrink-0" aria-hidden />
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
