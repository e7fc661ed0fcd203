"use client";

import { useEffect, useTransition } from "react";
import { useRouter } from "next/navigation";
import { RotateCw } from "lucide-react";
import { toast } from "sonner";
import { resendDeliveryAction } from "@/app/(app)/(admin)/webhooks/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import type { DeliveryInfo } from "@/lib/webhooks/service";
import { EVENT_TEXT, STATUS } from "./labels";

/**
 * An endpoint's delivery log, newest first: what was sent, how it went, and
 * when the next try is. While something is still on its way the page
 * refreshes itself every few seconds.
 */
export function DeliveriesTable({ rows }: { rows: DeliveryInfo[] }) {
  const router = useRouter();
  const busy = rows.some((d) => d.status === "pending" || d.status === "retrying");
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => router.refresh(), 3000);
    return () => clearInterval(timer);
  }, [busy, router]);

  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="Delivery log" data-testid="deliveries-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Event</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="hidden text-right sm:table-cell">Attempts</TableHead>
            <TableHead className="hidden md:table-cell">Response</TableHead>
            <TableHead className="hidden lg:table-cell">Next try</TableHead>
            <TableHead className="hidden md:table-cell">Created</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((d) => (
            <TableRow key={d.id} data-testid={`delivery-${d.id}`} data-status={d.status}>
              <TableCell className="max-w-[12rem] sm:max-w-[18rem]">
                <span className="font-mono text-[13px] font-medium">{d.eventType}</span>
                {d.secretName ? <Truncate text={d.secretName} className="font-mono text-xs text-muted-foreground" /> : null}
              </TableCell>
              <TableCell>
                <Badge variant={STATUS[d.status].variant}>{STATUS[d.status].label}</Badge>
              </TableCell>
              <TableCell className="hidden text-right tabular-nums sm:table-cell">{d.attempts}</TableCell>
              <TableCell className="hidden max-w-[16rem] md:table-cell">
                {d.lastStatusCode ? <span className="font-mono text-xs">{d.lastStatusCode}</span> : null}
                {d.lastError && !(d.lastStatusCode && d.lastError === `HTTP ${d.lastStatusCode}`) ? (
                  <Truncate text={d.lastError} className="text-xs text-muted-foreground" />
                ) : null}
                {!d.lastStatusCode && !d.lastError ? <span className="text-muted-foreground">—</span> : null}
              </TableCell>
              <TableCell className="hidden lg:table-cell">
                {d.nextAttemptAt && d.status !== "delivered" && d.status !== "failed" ? (
                  <LocalTime date={d.nextAttemptAt} relative />
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
              <TableCell className="hidden md:table-cell">
                <LocalTime date={d.createdAt} relative className="text-muted-foreground" />
              </TableCell>
              <TableCell>
                <div className="flex justify-end">
                  <ResendButton delivery={d} />
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function ResendButton({ delivery }: { delivery: DeliveryInfo }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const resend = () =>
    startTransition(async () => {
      const r = await resendDeliveryAction({ deliveryId: delivery.id });
      if (!r.ok) return void toast.error(r.error ?? "Could not resend it.");
      toast.success("Resend queued", { description: `${EVENT_TEXT[delivery.eventType].title}: sent again in a moment.` });
      router.refresh();
    });
  return (
    <Button variant="outline" size="sm" onClick={resend} disabled={pending} aria-label={`Resend ${delivery.eventType} ${delivery.id}`}>
      <RotateCw aria-hidden className={pending ? "animate-spin" : undefined} />
      {pending ? "Queuing…" : "Resend"}
    </Button>
  );
}
