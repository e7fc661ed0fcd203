import type { Role } from "@/lib/users/schemas";

export type NavItem = { href: string; label: string; role: Role; icon: "secrets" | "trash" | "audit" | "users" | "account" };

/** The sidebar's pages, each shown from the role that may open it (the pages check again on the server). */
export const NAV_ITEMS: NavItem[] = [
  { href: "/secrets", label: "Secrets", role: "admin", icon: "secrets" },
  { href: "/trash", label: "Trash", role: "admin", icon: "trash" },
  { href: "/audit", label: "Audit log", role: "admin", icon: "audit" },
  // Its own "tokens" icon needs a matching entry in nav-links.tsx's ICONS; until then the key icon.
  { href: "/tokens", label: "API tokens", role: "admin", icon: "secrets" },
  // Its own "webhooks" icon (lucide's Webhook) needs a matching entry in nav-links.tsx's ICONS; until then the log icon.
  { href: "/webhooks", label: "Webhooks", role: "admin", icon: "audit" },
  { href: "/users", label: "Users", role: "owner", icon: "users" },
  { href: "/account", label: "Account", role: "member", icon: "account" },
];

/** A link is current on its own page and on the pages under it (/secrets/[id] highlights Secrets). */
export const isCurrent = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);
