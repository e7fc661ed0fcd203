import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { AuditTable } from "@/components/audit/audit-table";
import { AliasesTable } from "@/components/secrets/aliases-table";
import { SecretActions } from "@/components/secrets/secret-actions";
import { UsageTable } from "@/components/secrets/usage-table";
import { VersionsTable } from "@/components/secrets/versions-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { recentAuthMinutes, requirePageRole } from "@/lib/auth/dal";
import { listAuditEvents } from "@/lib/audit/query";
import { config } from "@/lib/config";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getSecretInfo, listAliases, listVersions } from "@/lib/secrets/service";
import { usageSummary } from "@/lib/secrets/usage";

export const metadata = { title: "Secret · Secrets Manager" };

/** One secret: details, who reads it, its aliases, versions and audit trail. Never its value (Reveal fetches that on demand). */
export default async function SecretPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageRole("admin");
  const { id } = await params;
  const secret = await getSecretInfo(id).catch((err: unknown) => {
    if (err instanceof NotFoundError || err instanceof ValidationError) notFound();
    throw err;
  });
  const [usage, aliases, versions, audit] = await Promise.all([
    usageSummary(id),
    listAliases(id),
    listVersions(id),
    listAuditEvents({ secretId: id, pageSize: 25 }),
  ]);

  return (
    <>
      <Link href="/secrets" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft aria-hidden className="size-4" /> Secrets
      </Link>
      <PageHeader title={<span className="font-mono break-all">{secret.name}</span>} description={secret.description || "No description."} />
      <SecretActions
        secret={{ id: secret.id, name: secret.name, description: secret.description }}
        usage={usage}
        revealSeconds={config().revealSeconds}
        recentAuthUntil={user.authAt.getTime() + recentAuthMinutes() * 60_000}
      />

      <Card>
        <CardHeader>
          <CardTitle>Details</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
            <Detail label="Created"><LocalTime date={secret.createdDate} /></Detail>
            <Detail label="Last updated"><LocalTime date={secret.updatedDate} /></Detail>
            <Detail label="Last read">{usage.lastReadAt ? <LocalTime date={usage.lastReadAt} relative /> : "Not in the last 30 days"}</Detail>
            <Detail label="Reads (7 / 30 days)">
              <span className="tabular-nums">{usage.reads7d.toLocaleString("en-US")} / {usage.reads30d.toLocaleString("en-US")}</span>
            </Detail>
            <Detail label="Id" className="sm:col-span-2 lg:col-span-4">
              <code className="font-mono text-xs break-all">{secret.id}</code>
            </Detail>
          </dl>
        </CardContent>
      </Card>

      <Section id="usage" title="Who reads it" description="Reads in the last 30 days, per caller and the name it asked for.">
        {usage.callers.length ? <UsageTable callers={usage.callers} /> : <Empty>No reads recorded in the last 30 days.</Empty>}
      </Section>

      <Section id="aliases" title="Aliases" description="Old names that still answer after a rename, until they expire.">
        {aliases.length ? <AliasesTable secretId={secret.id} aliases={aliases} /> : <Empty>No aliases. Renaming with “keep the old name working” adds one.</Empty>}
      </Section>

      <Section id="versions" title="Versions" description="Every value change is kept (the last 20). Length and fingerprint compare values without showing them.">
        <VersionsTable secretId={secret.id} name={secret.name} versions={versions} />
      </Section>

      <Section
        id="audit"
        title="Audit trail"
        description="The latest events for this secret."
        action={
          <Link href={`/audit?secret=${secret.id}`} className="text-sm font-medium underline-offset-4 hover:underline">
            Open in the audit log
          </Link>
        }
      >
        {audit.rows.length ? <AuditTable rows={audit.rows} showSecret={false} /> : <Empty>No events.</Empty>}
      </Section>
    </>
  );
}

function Section({ id, title, description, action, children }: { id: string; title: string; description: string; action?: React.ReactNode; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-6 space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div className="space-y-1">
          <h2 id={`${id}-title`} className="text-lg font-semibold">{title}</h2>
          <CardDescription>{description}</CardDescription>
        </div>
        {action}
      </div>
      {children}
    </section>
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

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="rounded-xl border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">{children}</p>;
}
