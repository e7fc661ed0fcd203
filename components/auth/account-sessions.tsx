import { revokeSessionAction, signOutEverywhereAction } from "@/app/(app)/account/actions";
import { Button } from "@/components/ui/form";
import type { SessionInfo } from "@/lib/users/sessions";

const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";

export function AccountSessions({ sessions, currentId }: { sessions: SessionInfo[]; currentId: string }) {
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
            {s.id === currentId ? (
              <span className="text-xs font-medium text-emerald-700">This browser</span>
            ) : (
              <form action={revokeSessionAction.bind(null, s.id)}>
                <Button variant="secondary" type="submit">Sign out</Button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <form action={signOutEverywhereAction}>
        <Button variant="danger" type="submit">Sign out everywhere</Button>
      </form>
    </div>
  );
}
