import { KeySquare } from "lucide-react";
import { CreateTokenDialog } from "@/components/tokens/create-token-dialog";
import { TokensTable } from "@/components/tokens/tokens-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { recentAuthMinutes, requirePageRole } from "@/lib/auth/dal";
import { listTokens } from "@/lib/tokens/service";

export const metadata = { title: "API tokens · Secrets Manager" };

/**
 * API tokens: what each may do, when it was last used and how much it read.
 * Only metadata reaches the page (a token exists in the clear once, in the
 * create action's answer); the layout and this page both check the role.
 */
export default async function TokensPage() {
  const user = await requirePageRole("admin");
  const tokens = await listTokens();
  const recentAuthUntil = user.authAt.getTime() + recentAuthMinutes() * 60_000;
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Code reads and changes secrets with a token: through the REST API, the SDK or the Wix client. Each token does only what its scopes allow."
        // Always here, never moved into the empty state: the dialog holding a new token must survive the list's refresh.
        actions={<CreateTokenDialog recentAuthUntil={recentAuthUntil} />}
      />
      {tokens.length ? (
        <TokensTable
          rows={tokens.map((t) => ({
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            scopes: t.scopes,
            namePatterns: t.namePatterns,
            createdAt: t.createdAt,
            createdBy: t.createdBy,
            expiresAt: t.expiresAt,
            lastUsedAt: t.lastUsedAt,
            reads: t.reads,
            status: t.status,
            revokedAt: t.revokedAt,
          }))}
        />
      ) : (
        <EmptyState
          icon={<KeySquare />}
          title="No API tokens yet"
          description="Create one for each service that reads secrets, so every read is counted under its name and one can be revoked without touching the others."
        />
      )}
    </>
  );
}
