"use client";

import { TablePagination } from "@/components/secrets/table-pagination";
import { useUrlState } from "@/components/secrets/use-url-state";

/**
 * The log only knows whether there is a next page (it never counts a large
 * table). Next and previous go by cursor (the last or first row shown), so
 * page 40,000 costs what page 2 does; the page number is for display.
 */
export function AuditPagination({ page, pageSize, hasMore, next, prev }: { page: number; pageSize: number; hasMore: boolean; next?: string; prev?: string }) {
  const { set } = useUrlState();
  const first = { page: null, older: null, newer: null };
  return (
    <TablePagination
      page={page}
      pageSize={pageSize}
      hasMore={hasMore && next !== undefined}
      onPage={(p) => {
        if (p > page && next) return set({ page: p, older: next, newer: null });
        if (p < page && p > 1 && prev) return set({ page: p, newer: prev, older: null });
        set(first);
      }}
      onPageSize={(size) => set({ size, ...first })}
    />
  );
}
