import { LockKeyhole } from "lucide-react";
import { ThemeToggle } from "@/components/ui/theme-toggle";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <main className="flex flex-1 items-center justify-center px-4 py-12">
        <div className="w-full max-w-sm">
          <p className="mb-6 flex items-center justify-center gap-2 text-sm font-semibold tracking-tight">
            <span className="flex size-8 items-center justify-center rounded-md bg-primary text-primary-foreground" aria-hidden>
              <LockKeyhole className="size-4" />
            </span>
            Secrets Manager
          </p>
          {children}
        </div>
      </main>
    </div>
  );
}
