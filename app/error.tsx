"use client";

import Link from "next/link";
import { Button } from "@/components/ui/form";

/** An unexpected failure while rendering a page: nothing about it is shown, only what to do next. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-md px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-zinc-600">
        The page could not be shown. Try again; if it keeps happening, go back to the dashboard or sign in again.
      </p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-zinc-500">Reference: {error.digest}</p> : null}
      <div className="mt-6 flex items-center justify-center gap-4 text-sm">
        <Button onClick={reset}>Try again</Button>
        <Link href="/" className="font-medium underline">Go to the dashboard</Link>
        <Link href="/sign-in" className="font-medium underline">Sign in</Link>
      </div>
    </main>
  );
}
