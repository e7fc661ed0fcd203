"use client";

import { TablePagination } from "@/components/secrets/table-pagination";
import { useUrlState } from "@/components/secrets/use-url-state";

/** The log only knows whether there is a next page (it never counts a large table). */
export function AuditPagination({ page, pageSize, hasMore }: { page: number; pageSize: number; hasMore: boolean }) {
  const { set } = useUrlState();
  return (
    <TablePagination
      page={page}
      pageSize={pageSize}
      hasMore={hasMore}
      onPage={(p) => set({ page: p > 1 ? p : null })}
      onPageSize={(size) => set({ size, page: null })}
    />
  );
}
