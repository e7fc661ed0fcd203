import type { Role } from "@/lib/users/schemas";

export type NavItem = { href: string; label: string; role: Role; icon: "secrets" | "trash" | "audit" | "tokens" | "webhooks" | "api" | "users" | "account" };

/** The sidebar's pages, each shown from the role that may open it (the pages check again on the server). */
export const NAV_ITEMS: NavItem[] = [
  { href: "/secrets", label: "Secrets", role: "admin", icon: "secrets" },
  { href: "/trash", label: "Trash", role: "admin", icon: "trash" },
  { href: "/audit", label: "Audit log", role: "admin", icon: "audit" },
  { href: "/tokens", label: "API tokens", role: "admin", icon: "tokens" },
  { href: "/webhooks", label: "Webhooks", role: "admin", icon: "webhooks" },
  { href: "/api-reference", label: "API reference", role: "admin", icon: "api" },
  { href: "/users", label: "Users", role: "owner", icon: "users" },
  { href: "/account", label: "Account", role: "member", icon: "account" },
];

/** A link is current on its own page and on the pages under it (/secrets/[id] highlights Secrets). */
export const isCurrent = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);
