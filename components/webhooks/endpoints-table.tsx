"use client";

import Link from "next/link";
import { callerLabel } from "@/components/secrets/format";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import type { EndpointInfo } from "@/lib/webhooks/service";
import { EVENT_TEXT, STATUS } from "./labels";
import { RemoveEndpointDialog } from "./remove-endpoint-dialog";

/** Every endpoint: where it is, what it hears, and how its latest delivery went; its log is one click away. */
export function EndpointsTable({ rows }: { rows: EndpointInfo[] }) {
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="Webhook endpoints" data-testid="endpoints-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Endpoint</TableHead>
            <TableHead>Events</TableHead>
            <TableHead className="hidden xl:table-cell">Created</TableHead>
            <TableHead className="hidden sm:table-cell">Last delivery</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((e) => (
            <TableRow key={e.id} data-testid={`endpoint-row-${e.id}`}>
              <TableCell className="max-w-[14rem] sm:max-w-[22rem]">
                <Truncate text={e.url} className="font-mono text-[13px] font-medium">
                  <Link href={`/webhooks/${e.id}`} className="underline-offset-4 hover:underline">
                    {e.url}
                  </Link>
                </Truncate>
                <div className="flex min-w-0 items-center gap-2">
                  {e.insecure ? (
                    <Badge variant="warning" title="Plain http: events travel unencrypted">
                      http
                    </Badge>
                  ) : null}
                  {e.description ? <Truncate text={e.description} className="text-xs text-muted-foreground" /> : null}
                </div>
              </TableCell>
              <TableCell>
                <div className="flex flex-wrap gap-1">
                  {e.events.map((ev) => (
                    <Badge key={ev} variant="outline" title={ev}>
                      {EVENT_TEXT[ev].short}
                    </Badge>
                  ))}
                </div>
              </TableCell>
              <TableCell className="hidden max-w-[12rem] xl:table-cell">
                <LocalTime date={e.createdAt} relative className="text-muted-foreground" />
                <Truncate text={`by ${callerLabel(e.createdBy)}`} className="text-xs text-muted-foreground" />
              </TableCell>
              <TableCell className="hidden sm:table-cell">
                {e.lastDelivery ? (
                  <div className="grid gap-0.5">
                    <span className="flex items-center gap-2">
                      <Badge variant={STATUS[e.lastDelivery.status].variant}>{STATUS[e.lastDelivery.status].label}</Badge>
                      {e.lastDelivery.statusCode ? <span className="font-mono text-xs text-muted-foreground">{e.lastDelivery.statusCode}</span> : null}
                    </span>
                    <span className="text-xs text-muted-foreground">
                      {EVENT_TEXT[e.lastDelivery.eventType].short}, <LocalTime date={e.lastDelivery.at} relative />
                    </span>
                  </div>
                ) : (
                  <span className="text-muted-foreground">None yet</span>
                )}
              </TableCell>
              <TableCell>
                <div className="flex justify-end gap-2">
                  <Link
                    href={`/webhooks/${e.id}`}
                    className="inline-flex h-8 items-center rounded-md px-3 text-xs font-medium hover:bg-accent"
                    aria-label={`Delivery log of ${e.url}`}
                  >
                    Log
                  </Link>
                  <RemoveEndpointDialog endpoint={{ id: e.id, url: e.url }} />
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
