"use client";

import { callerLabel, plural } from "@/components/secrets/format";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import type { Scope } from "@/lib/tokens/schemas";
import type { TokenStatus } from "@/lib/tokens/service";
import { RevokeTokenDialog } from "./revoke-token-dialog";

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  namePatterns: string[];
  createdAt: Date;
  createdBy: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  reads: number;
  status: TokenStatus;
  revokedAt: Date | null;
};

const STATUS: Record<TokenStatus, { label: string; variant: BadgeVariant }> = {
  active: { label: "Active", variant: "secondary" },
  expired: { label: "Expired", variant: "warning" },
  revoked: { label: "Revoked", variant: "destructive" },
};

const SCOPE_LABEL: Record<Scope, string> = { "secrets:read": "read", "secrets:write": "write" };

/**
 * Every token: what it may do (scopes, and which secrets), who made it,
 * when it expires, when it was last used and how many values it read;
 * revoke the live ones. Paired facts share a cell so the table fits a
 * laptop beside the sidebar; narrower screens drop the secondary columns.
 */
export function TokensTable({ rows }: { rows: TokenRow[] }) {
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="API tokens" data-testid="tokens-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Name</TableHead>
            <TableHead className="hidden sm:table-cell">Access</TableHead>
            <TableHead className="hidden xl:table-cell">Created</TableHead>
            <TableHead className="hidden lg:table-cell">Expires</TableHead>
            <TableHead className="hidden md:table-cell">Last used</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((t) => (
            <TableRow key={t.id} data-testid={`token-row-${t.name}`} data-status={t.status} className={t.status === "revoked" ? "text-muted-foreground" : undefined}>
              <TableCell className="max-w-[10rem] sm:max-w-[14rem]">
                <Truncate text={t.name} className="font-mono text-[13px] font-medium" />
                <Truncate text={t.prefix} className="font-mono text-xs text-muted-foreground" />
              </TableCell>
              <TableCell className="hidden max-w-[13rem] sm:table-cell">
                <div className="flex gap-1">
                  {t.scopes.map((s) => (
                    <Badge key={s} variant="outline" title={s}>
                      {SCOPE_LABEL[s]}
                    </Badge>
                  ))}
                </div>
                {t.namePatterns.length ? (
                  <Truncate text={t.namePatterns.join(", ")} className="mt-1 font-mono text-xs text-muted-foreground" />
                ) : (
                  <span className="mt-1 block text-xs text-muted-foreground">All secrets</span>
                )}
              </TableCell>
              <TableCell className="hidden max-w-[11rem] xl:table-cell">
                <LocalTime date={t.createdAt} relative />
                <Truncate text={`by ${callerLabel(t.createdBy)}`} className="text-xs text-muted-foreground" />
              </TableCell>
              <TableCell className="hidden lg:table-cell">
                {t.status === "revoked" ? (
                  <span aria-label="Does not apply">—</span>
                ) : t.expiresAt ? (
                  <LocalTime date={t.expiresAt} relative />
                ) : (
                  <span className="text-muted-foreground">Never</span>
                )}
              </TableCell>
              <TableCell className="hidden md:table-cell">
                {t.lastUsedAt ? <LocalTime date={t.lastUsedAt} relative /> : <span className="text-muted-foreground">Never</span>}
                <span data-testid="token-reads" className="block text-xs text-muted-foreground tabular-nums">
                  {plural(t.reads, "value")} read
                </span>
              </TableCell>
              <TableCell>
                <Badge variant={STATUS[t.status].variant}>{STATUS[t.status].label}</Badge>
              </TableCell>
              <TableCell>
                <div className="flex justify-end">{t.status === "revoked" ? null : <RevokeTokenDialog token={t} />}</div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
