import { SecretsTable } from "@/components/secrets/secrets-table";
import { PageHeader } from "@/components/ui/page-header";
import { recentAuthMinutes, requirePageRole } from "@/lib/auth/dal";
import { config } from "@/lib/config";
import { listQuerySchema, listSecrets } from "@/lib/secrets/list";

export const metadata = { title: "Secrets · Secrets Manager" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Admin-only list of secret metadata. Search, sort and paging come from the
 * URL and are done by the database; values are never loaded here.
 */
export default async function SecretsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageRole("admin");
  const params = await searchParams;
  const query = listQuerySchema.parse(params);
  const { rows, total, page, pageSize } = await listSecrets(query);
  const highlight = typeof params.highlight === "string" ? params.highlight : undefined;
  return (
    <>
      <PageHeader
        title="Secrets"
        description="API keys and other credentials your code asks for by name. Values stay encrypted and hidden until you reveal one."
      />
      <SecretsTable
        rows={rows}
        total={total}
        page={page}
        pageSize={pageSize}
        sort={query.sort}
        dir={query.dir}
        search={query.search}
        highlight={highlight}
        revealSeconds={config().revealSeconds}
        recentAuthUntil={user.authAt.getTime() + recentAuthMinutes() * 60_000}
      />
    </>
  );
}
