import { ScrollText } from "lucide-react";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditPagination } from "@/components/audit/audit-pagination";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/dal";
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, auditQuerySchema, listAuditEvents } from "@/lib/audit/query";

export const metadata = { title: "Audit log · Secrets Manager" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Who did what to which secret, when, from where, and whether it was allowed. Filters and pages come from the URL. Never a value. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageRole("admin");
  const query = auditQuerySchema.parse(await searchParams);
  const { rows, page, pageSize, hasMore, next, prev } = await listAuditEvents(query);
  const secretName = query.secretId ? rows.find((r) => r.secretId === query.secretId)?.secretName ?? undefined : undefined;
  return (
    <>
      <PageHeader title="Audit log" description="Every change, reveal, copy and read through the API or CLI, with who did it and whether it was allowed." />
      <AuditFilters
        key={[query.secretId, query.actor, query.action, query.outcome, query.from?.toISOString(), query.to?.toISOString()].join("|")}
        actions={AUDIT_ACTIONS} outcomes={AUDIT_OUTCOMES} secretName={secretName} />
      {rows.length ? (
        <AuditTable rows={rows} />
      ) : (
        <EmptyState icon={<ScrollText />} title="No events match" description="Change or clear the filters." />
      )}
      {rows.length || page > 1 ? <AuditPagination page={page} pageSize={pageSize} hasMore={hasMore} next={next} prev={prev} /> : null}
    </>
  );
}
