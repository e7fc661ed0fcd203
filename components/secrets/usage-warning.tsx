"use client";

import { useEffect, useId, useState } from "react";
import { Info, TriangleAlert } from "lucide-react";
import { secretUsageAction } from "@/app/(app)/(admin)/secrets/actions";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/skeleton";
import type { UsageSummary } from "@/lib/secrets/usage";
import { callerLabel, plural } from "./format";

export type UsageState = { usage?: UsageSummary; error?: string };

/** Who read the secret lately, fetched when a dialog that could break them opens (unless the page already has it). */
export function useUsage(secretId: string, known?: UsageSummary): UsageState {
  const [fetched, setFetched] = useState<UsageState & { for?: string }>({});
  useEffect(() => {
    if (known) return;
    let live = true;
    secretUsageAction({ secretId })
      .catch(() => ({ usage: undefined, error: "The server could not be reached." }))
      .then((r) => {
        if (live) setFetched(r.usage ? { usage: r.usage, for: secretId } : { error: r.error ?? "Could not load who reads this secret.", for: secretId });
      });
    return () => {
      live = false;
    };
  }, [secretId, known]);
  if (known) return { usage: known };
  return fetched.for === secretId ? fetched : {};
}

/** A recent read means code depends on the name: the admin types it to confirm. */
export const needsTypedName = (s: UsageState) => (s.usage ? s.usage.reads30d > 0 : true);

/**
 * "What will break": reads in the last 7 and 30 days, by whom, and when last
 * read, above the consequence the dialog is about to cause.
 */
export function UsageWarning({ state, name, consequence }: { state: UsageState; name: string; consequence: string }) {
  if (state.error) {
    return (
      <Alert variant="destructive">
        <TriangleAlert aria-hidden />
        <AlertTitle>{state.error}</AlertTitle>
        <AlertDescription>{consequence} Type the name to confirm anyway.</AlertDescription>
      </Alert>
    );
  }
  if (!state.usage) {
    return (
      <div className="space-y-2 rounded-lg border px-4 py-3" aria-busy="true">
        <span className="sr-only">Checking who reads this secret…</span>
        <Skeleton className="h-4 w-2/3" />
        <Skeleton className="h-4 w-1/2" />
      </div>
    );
  }
  const u = state.usage;
  if (u.reads30d === 0) {
    return (
      <Alert data-testid="usage-warning">
        <Info aria-hidden />
        <AlertTitle>No reads recorded in the last 30 days.</AlertTitle>
        <AlertDescription>{consequence}</AlertDescription>
      </Alert>
    );
  }
  return (
    <Alert variant="warning" data-testid="usage-warning">
      <TriangleAlert aria-hidden />
      <AlertTitle>
        Read {plural(u.reads7d, "time")} in the last 7 days ({plural(u.reads30d, "time")} in the last 30 days)
        {u.lastReadAt ? (
          <>
            , last read <LocalTime date={u.lastReadAt} relative />
          </>
        ) : null}
        .
      </AlertTitle>
      <AlertDescription className="space-y-2">
        <ul className="space-y-1" aria-label="Callers">
          {u.callers.map((c) => (
            <li key={`${c.caller}\u0000${c.viaName}`} className="flex flex-wrap gap-x-1.5">
              <span className="font-medium break-all">{callerLabel(c.caller)}</span>
              <span className="text-muted-foreground">
                {plural(c.reads7d, "read")} in 7 days, {c.reads30d.toLocaleString("en-US")} in 30
                {c.viaName && c.viaName !== name.toLowerCase() ? <> (through the old name <code className="font-mono">{c.viaName}</code>)</> : null}, last read <LocalTime date={c.lastReadAt} relative />
              </span>
            </li>
          ))}
        </ul>
        <p>{consequence}</p>
      </AlertDescription>
    </Alert>
  );
}

/** The typed-name guard: `matches` is true once the exact name is typed. */
export function ConfirmName({ name, value, onChange }: { name: string; value: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>
        <span>
          Type <code className="rounded bg-muted px-1 font-mono break-all">{name}</code> to confirm
        </span>
      </Label>
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        className="font-mono"
        data-testid="confirm-name"
      />
    </div>
  );
}
