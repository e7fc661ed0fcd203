"use client";

import Link from "next/link";
import { RotateCcw, TriangleAlert } from "lucide-react";
import { StatusPage } from "@/components/layout/status-page";
import { Button } from "@/components/ui/button";

/** An unexpected failure while rendering a page: nothing about it is shown, only what to do next. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      icon={<TriangleAlert />}
      title="Something went wrong"
      actions={
        <>
          <Button onClick={reset}>
            <RotateCcw aria-hidden />
            Try again
          </Button>
          <Button asChild variant="outline">
            <Link href="/">Go to the dashboard</Link>
          </Button>
          <Button asChild variant="ghost">
            <Link href="/sign-in">Sign in</Link>
          </Button>
        </>
      }
    >
      <p>The page could not be shown. Try again; if it keeps happening, go back to the dashboard or sign in again.</p>
      {error.digest ? (
        <p>
          If you report it, quote this reference: <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs text-foreground">{error.digest}</code>
        </p>
      ) : null}
    </StatusPage>
  );
}
