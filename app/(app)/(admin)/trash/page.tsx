import { Trash2 } from "lucide-react";
import { TrashTable } from "@/components/trash/trash-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/dal";
import { listTrash, TRASH_DAYS } from "@/lib/secrets/service";

export const metadata = { title: "Trash · Secrets Manager" };

/** Deleted secrets, restorable until they are purged. Names and dates only, never values. */
export default async function TrashPage() {
  await requirePageRole("admin");
  const rows = await listTrash();
  return (
    <>
      <PageHeader title="Trash" description={`Deleted secrets stay here for ${TRASH_DAYS} days, then they are purged for good.`} />
      {rows.length ? (
        <TrashTable rows={rows.map(({ id, name, description, deletedDate, deletedBy, purgeAfter }) => ({ id, name, description, deletedDate, deletedBy, purgeAfter }))} />
      ) : (
        <EmptyState icon={<Trash2 />} title="The trash is empty" description="Secrets you delete appear here and can be restored." />
      )}
    </>
  );
}
