import type { ReactNode } from "react";

/** A full-page message (not found, not allowed, an error): what happened and what to do next. */
export function StatusPage({ icon, code, title, children, actions }: { icon: ReactNode; code?: string; title: string; children: ReactNode; actions: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-16">
      <div className="w-full max-w-md text-center">
        <div className="mx-auto mb-6 flex size-14 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-7" aria-hidden>
          {icon}
        </div>
        {code ? <p className="mb-2 font-mono text-xs tracking-widest text-muted-foreground">{code}</p> : null}
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <div className="mt-3 space-y-2 text-sm text-muted-foreground">{children}</div>
        <div className="mt-8 flex flex-col items-stretch justify-center gap-2 sm:flex-row sm:items-center">{actions}</div>
      </div>
    </main>
  );
}
