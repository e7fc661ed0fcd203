import { Webhook } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AddEndpointDialog } from "@/components/webhooks/add-endpoint-dialog";
import { EndpointsTable } from "@/components/webhooks/endpoints-table";
import { PrivateTargetsForm } from "@/components/webhooks/private-targets-form";
import { hasRole, recentAuthMinutes, requirePageRole } from "@/lib/auth/dal";
import { allowPrivateTargets, listEndpoints } from "@/lib/webhooks/service";

export const metadata = { title: "Webhooks · Secrets Manager" };

/**
 * Webhook endpoints: where events go, what each hears, and how its latest
 * delivery went. Only metadata reaches the page (a signing secret exists in
 * the clear once, in the add action's answer); the layout and this page
 * both check the role.
 */
export default async function WebhooksPage() {
  const user = await requirePageRole("admin");
  const [endpoints, allowPrivate] = await Promise.all([listEndpoints(), allowPrivateTargets()]);
  // One dialog, always in the header: one inside the empty state would unmount (secret and all) when the first endpoint appears.
  const add = <AddEndpointDialog recentAuthUntil={user.authAt.getTime() + recentAuthMinutes() * 60_000} />;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Your services hear when a secret is created, changed, deleted or restored: a signed POST (Standard Webhooks) with its name and dates, never its value."
        actions={add}
      />
      {endpoints.length ? (
        <EndpointsTable rows={endpoints} />
      ) : (
        <EmptyState
          icon={<Webhook />}
          title="No webhook endpoints yet"
          description="Add the URL of a service that should react to changes, e.g. to reload its configuration when a secret's value changes."
        />
      )}
      <Card className="lg:max-w-2xl">
        <CardHeader>
          <CardTitle>Private networks</CardTitle>
          <CardDescription>Where this server may send webhooks. Checked when an endpoint is added and again, after DNS resolution, before every delivery.</CardDescription>
        </CardHeader>
        <CardContent>
          <PrivateTargetsForm allowPrivate={allowPrivate} canChange={hasRole(user, "owner")} />
        </CardContent>
      </Card>
    </>
  );
}
