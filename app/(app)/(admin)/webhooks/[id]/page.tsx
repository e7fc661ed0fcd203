import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { callerLabel } from "@/components/secrets/format";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { DeliveriesTable } from "@/components/webhooks/deliveries-table";
import { EVENT_TEXT } from "@/components/webhooks/labels";
import { RemoveEndpointDialog } from "@/components/webhooks/remove-endpoint-dialog";
import { requirePageRole } from "@/lib/auth/dal";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { DELIVERIES_SHOWN, getEndpoint, listDeliveries } from "@/lib/webhooks/service";

export const metadata = { title: "Webhook endpoint · Secrets Manager" };

/** One endpoint: what it hears and its delivery log (status, attempts, response, next try) with Resend. Never its signing secret. */
export default async function EndpointPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole("admin");
  const { id } = await params;
  const notFoundHere = (err: unknown): never => {
    if (err instanceof NotFoundError || err instanceof ValidationError) notFound();
    throw err;
  };
  const endpoint = await getEndpoint(id).catch(notFoundHere);
  const deliveries = await listDeliveries(id).catch(notFoundHere);

  return (
    <>
      <Link href="/webhooks" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft aria-hidden className="size-4" /> Webhooks
      </Link>
      <PageHeader
        title={<span className="font-mono text-xl break-all">{endpoint.url}</span>}
        description={endpoint.description || "No description."}
        actions={<RemoveEndpointDialog endpoint={{ id: endpoint.id, url: endpoint.url }} after="/webhooks" />}
      />
      {endpoint.insecure ? (
        <Alert variant="warning">
          <AlertTitle>Plain http</AlertTitle>
          <AlertDescription>Events reach this endpoint unencrypted: anyone on the way can read them (names and dates, never values). The signature still proves they came from here.</AlertDescription>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Details</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
            <Detail label="Events" className="sm:col-span-2">
              <span className="flex flex-wrap gap-1">
                {endpoint.events.map((ev) => (
                  <Badge key={ev} variant="outline" title={EVENT_TEXT[ev].hint}>
                    {ev}
                  </Badge>
                ))}
              </span>
            </Detail>
            <Detail label="Created">
              <LocalTime date={endpoint.createdAt} />
            </Detail>
            <Detail label="Created by">{callerLabel(endpoint.createdBy)}</Detail>
            <Detail label="Id" className="sm:col-span-2 lg:col-span-4">
              <code className="font-mono text-xs break-all">{endpoint.id}</code>
            </Detail>
          </dl>
        </CardContent>
      </Card>

      <section aria-labelledby="deliveries-title" className="space-y-3">
        <div className="space-y-1">
          <h2 id="deliveries-title" className="text-lg font-semibold">
            Delivery log
          </h2>
          <CardDescription>
            The latest {DELIVERIES_SHOWN} deliveries, newest first. A failed attempt is retried with growing gaps for 24 hours; Resend sends one again now.
          </CardDescription>
        </div>
        {deliveries.length ? (
          <DeliveriesTable rows={deliveries} />
        ) : (
          <p className="rounded-xl border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">Nothing sent yet: the next change to a secret shows up here.</p>
        )}
      </section>
    </>
  );
}

function Detail({ label, className, children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={className}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}
