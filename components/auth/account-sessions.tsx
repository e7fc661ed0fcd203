"use client";

import { useActionState } from "react";
import { revokeSessionAction, signOutEverywhereAction } from "@/app/(app)/account/actions";
import { Button, FormMessage } from "@/components/ui/form";
import type { SessionInfo } from "@/lib/users/sessions";

const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";

export function AccountSessions({ sessions, currentId }: { sessions: SessionInfo[]; currentId: string }) {
  const [state, signOutAll, pending] = useActionState(signOutEverywhereAction, {});
  return (
    <div className="space-y-4">
      <ul className="divide-y divide-zinc-100 text-sm">
        {sessions.map((s) => (
          <li key={s.id} className="flex items-center gap-4 py-2">
            <div className="flex-1">
              <p className="font-medium">{s.userAgent?.slice(0, 80) ?? "Unknown browser"}</p>
              <p className="text-zinc-500">
                {s.ip ?? "unknown address"} · signed in {when(s.createdAt)} · last seen {when(s.lastSeenAt)}
              </p>
            </div>
            {s.id === currentId ? <span className="text-xs font-medium text-emerald-700">This browser</span> : <RevokeSession sessionId={s.id} />}
          </li>
        ))}
      </ul>
      <form action={signOutAll} className="space-y-2">
        <FormMessage state={state} />
        <Button variant="danger" type="submit" disabled={pending}>Sign out everywhere</Button>
      </form>
    </div>
  );
}

function RevokeSession({ sessionId }: { sessionId: string }) {
  const [state, action, pending] = useActionState(revokeSessionAction, {});
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="sessionId" value={sessionId} />
      {state.error ? <span role="alert" className="text-xs text-red-600">{state.error}</span> : null}
      <Button variant="secondary" type="submit" disabled={pending}>Sign out</Button>
    </form>
  );
}
