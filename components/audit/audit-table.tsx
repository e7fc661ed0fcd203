import Link from "next/link";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import type { AuditRow } from "@/lib/audit/query";

const OUTCOME: Record<string, BadgeVariant> = { allowed: "secondary", denied: "destructive", failed: "destructive", not_found: "warning" };

/** Audit events, newest first: when, who (and from where), what, to which secret, and whether it was allowed. Never a value. */
export function AuditTable({ rows, showSecret = true }: { rows: AuditRow[]; showSecret?: boolean }) {
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="Audit events" data-testid="audit-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>When</TableHead>
            <TableHead>Action</TableHead>
            <TableHead className="hidden sm:table-cell">Who</TableHead>
            {showSecret ? <TableHead className="hidden sm:table-cell">Secret</TableHead> : null}
            <TableHead className="hidden lg:table-cell">Details</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id} data-testid="audit-row" data-action={r.action}>
              <TableCell className="w-px align-top">
                <LocalTime date={r.at} relative className="text-muted-foreground" />
              </TableCell>
              <TableCell className="align-top">
                <div className="flex flex-wrap items-center gap-1.5">
                  <code className="font-mono text-xs">{r.action}</code>
                  {r.outcome !== "allowed" ? <Badge variant={OUTCOME[r.outcome] ?? "outline"}>{r.outcome.replace("_", " ")}</Badge> : null}
                </div>
                {showSecret && r.secretName ? <span className="mt-1 block max-w-[14rem] truncate font-mono text-xs text-muted-foreground sm:hidden">{r.secretName}</span> : null}
                <span className="mt-1 block max-w-[14rem] truncate text-xs text-muted-foreground sm:hidden">{r.actor}</span>
              </TableCell>
              <TableCell className="hidden max-w-[14rem] align-top sm:table-cell">
                <Truncate text={r.actor} />
                {r.source ? <span className="block truncate text-xs text-muted-foreground">from {r.source}</span> : null}
              </TableCell>
              {showSecret ? (
                <TableCell className="hidden max-w-[14rem] align-top sm:table-cell">
                  {r.secretName ? (
                    <Truncate text={r.secretName} className="font-mono text-xs">
                      {r.secretId ? <Link href={`/audit?secret=${r.secretId}`} className="hover:underline">{r.secretName}</Link> : r.secretName}
                    </Truncate>
                  ) : (
                    <span className="text-muted-foreground/60">—</span>
                  )}
                </TableCell>
              ) : null}
              <TableCell className="hidden max-w-[18rem] align-top text-xs text-muted-foreground lg:table-cell">
                <Details detail={r.detail} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** The event's detail (changed fields, old names, versions…) as "key: value" lines. */
function Details({ detail }: { detail: Record<string, unknown> | null }) {
  const entries = Object.entries(detail ?? {});
  if (!entries.length) return <span className="text-muted-foreground/60">—</span>;
  return (
    <dl className="grid gap-0.5">
      {entries.map(([k, v]) => (
        <div key={k} className="flex min-w-0 gap-1">
          <dt className="shrink-0">{k}:</dt>
          <dd className="min-w-0 truncate font-mono text-foreground" title={format(v)}>
            {format(v)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

const format = (v: unknown) => (Array.isArray(v) ? v.join(", ") : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));
