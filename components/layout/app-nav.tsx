import Link from "next/link";
import { roleAtLeast, type Role } from "@/lib/users/schemas";
import { SignOutButton } from "./sign-out-button";

const LINKS: { href: string; label: string; role: Role }[] = [
  { href: "/secrets", label: "Secrets", role: "admin" },
  { href: "/users", label: "Users", role: "owner" },
  { href: "/account", label: "Account", role: "member" },
];

export function AppNav({ email, role }: { email: string; role: Role }) {
  return (
    <header className="border-b border-zinc-200 bg-white">
      <nav className="mx-auto flex max-w-5xl items-center gap-6 px-6 py-3 text-sm" aria-label="Main">
        <span className="font-semibold">Secrets Manager</span>
        {LINKS.filter((l) => roleAtLeast(role, l.role)).map((l) => (
          <Link key={l.href} href={l.href} className="text-zinc-600 hover:text-zinc-900">
            {l.label}
          </Link>
        ))}
        <span className="ml-auto text-zinc-500" data-testid="signed-in-as">
          {email} · {role}
        </span>
        <SignOutButton />
      </nav>
    </header>
  );
}
