"use client";

import { useState } from "react";
import { Laptop, LogOut } from "lucide-react";
import { revokeSessionAction, signOutEverywhereAction } from "@/app/(app)/account/actions";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { LocalTime } from "@/components/ui/local-time";
import { useActionRunner } from "./use-action-runner";

/** A session as the account page shows it: the browser and system already named on the server (describeAgent). */
export type SessionRow = { handle: string; current: boolean; device: string; ip: string | null; createdAt: string; lastSeenAt: string };

export function AccountSessions({ sessions }: { sessions: SessionRow[] }) {
  const run = useActionRunner();
  return (
    <div className="grid gap-4">
      <ul className="divide-y rounded-lg border" data-testid="sessions">
        {sessions.map((s) => (
          <li key={s.handle} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
            <Laptop className="size-5 shrink-0 text-muted-foreground" aria-hidden />
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                <span data-testid="session-device">{s.device}</span>
                {s.current ? <Badge variant="secondary">This browser</Badge> : null}
              </p>
              <p className="text-xs text-muted-foreground">
                {s.ip ?? "unknown address"} · signed in <LocalTime date={s.createdAt} relative /> · last active{" "}
                <LocalTime date={s.lastSeenAt} relative />
              </p>
            </div>
            {s.current ? null : <RevokeSession session={s} run={run} />}
          </li>
        ))}
      </ul>
      <div>
        <ConfirmButton
          variant="outline"
          title="Sign out everywhere?"
          description="Every session of your account ends, this one included: you will need your password (and code) to sign in again."
          confirmLabel="Sign out everywhere"
          onConfirm={() => run(() => signOutEverywhereAction({}), "Signed out everywhere.")}
        >
          <LogOut aria-hidden />
          Sign out everywhere
        </ConfirmButton>
      </div>
    </div>
  );
}

function RevokeSession({ session, run }: { session: SessionRow; run: ReturnType<typeof useActionRunner> }) {
  const [error, setError] = useState<string>();
  return (
    <div className="flex items-center gap-2">
      {error ? (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      ) : null}
      <ConfirmButton
        aria-label={`Sign out ${session.device}`}
        title={`Sign out ${session.device}?`}
        description="That browser is signed out at its next request. Anyone using it must sign in again."
        confirmLabel="Sign out that session"
        onConfirm={async () => setError((await run(() => revokeSessionAction({ session: session.handle }), "That session is signed out.")).error)}
      >
        Sign out
      </ConfirmButton>
    </div>
  );
}
