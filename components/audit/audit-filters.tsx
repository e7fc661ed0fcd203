"use client";

import { useState, type FormEvent } from "react";
import { X } from "lucide-react";
import { useUrlState } from "@/components/secrets/use-url-state";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";

const FILTERS = ["secret", "actor", "action", "outcome", "from", "to"] as const;
/** A change of filter starts again from the newest events (a page cursor belongs to the old filter). */
const FIRST_PAGE = { page: null, older: null, newer: null };

/** Converts between the URL's ISO instants and the viewer's local datetime-local text. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const toIso = (local: string) => (local ? new Date(local).toISOString() : null);

/**
 * The audit log's filters, applied to the URL (so a filtered view can be
 * shared and the back button undoes it). Times are entered in the viewer's
 * zone and sent as exact instants.
 */
export function AuditFilters({ actions, outcomes, secretName }: { actions: readonly string[]; outcomes: readonly string[]; secretName?: string }) {
  const { params, set, pending } = useUrlState();
  const [actor, setActor] = useState(params.get("actor") ?? "");
  const [action, setAction] = useState(params.get("action") ?? "");
  const [outcome, setOutcome] = useState(params.get("outcome") ?? "");
  const [from, setFrom] = useState(() => toLocalInput(params.get("from")));
  const [to, setTo] = useState(() => toLocalInput(params.get("to")));
  const secret = params.get("secret");
  const active = FILTERS.some((f) => params.get(f));

  const apply = (e: FormEvent) => {
    e.preventDefault();
    set({ actor: actor.trim(), action, outcome, from: toIso(from), to: toIso(to), ...FIRST_PAGE });
  };
  const clear = () => {
    setActor("");
    setAction("");
    setOutcome("");
    setFrom("");
    setTo("");
    set({ ...Object.fromEntries(FILTERS.map((f) => [f, null])), ...FIRST_PAGE });
  };

  return (
    <form onSubmit={apply} className="space-y-3 rounded-xl border bg-card p-4" aria-label="Filter the audit log">
      {secret ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted-foreground">Secret:</span>
          <span className="max-w-full truncate rounded-md border bg-muted px-2 py-0.5 font-mono text-xs">{secretName ?? secret}</span>
          <Button type="button" variant="ghost" size="sm" className="h-7 px-2" onClick={() => set({ secret: null, ...FIRST_PAGE })}>
            <X aria-hidden /> Any secret
          </Button>
        </div>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <div className="grid gap-1.5">
          <Label htmlFor="audit-actor">Who</Label>
          <Input id="audit-actor" value={actor} onChange={(e) => setActor(e.target.value)} placeholder="user:, token:, cli: or any part" maxLength={300} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-action">Action</Label>
          <NativeSelect id="audit-action" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-outcome">Outcome</Label>
          <NativeSelect id="audit-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="">Any outcome</option>
            {outcomes.map((o) => (
              <option key={o} value={o}>
                {o.replace("_", " ")}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-from">From</Label>
          <Input id="audit-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-to">Until</Label>
          <Input id="audit-to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        {active ? (
          <Button type="button" variant="ghost" onClick={clear}>
            Clear filters
          </Button>
        ) : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Filtering…" : "Apply filters"}
        </Button>
      </div>
    </form>
  );
}
