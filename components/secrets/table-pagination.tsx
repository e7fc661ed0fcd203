"use client";

import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/select";

export const PAGE_SIZES = [25, 50, 100] as const;

/** "1–25 of 240", rows per page and page buttons; every change is a URL change made by the caller. */
export function TablePagination({
  page,
  pageSize,
  total,
  hasMore = false,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  /** Unknown when the list only knows whether there is more (the audit log). */
  total?: number;
  hasMore?: boolean;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}) {
  const pages = total === undefined ? undefined : Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = total === undefined ? undefined : Math.min(page * pageSize, total);
  return (
    <nav aria-label="Pagination" className="flex flex-col gap-3 text-sm sm:flex-row sm:items-center sm:justify-between">
      <p className="text-muted-foreground" data-testid="page-range">
        {total === undefined ? `Page ${page}` : `${first.toLocaleString("en-US")}–${last!.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`}
      </p>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <label className="flex items-center gap-2 whitespace-nowrap text-muted-foreground">
          Rows per page
          <NativeSelect className="w-20" value={String(pageSize)} onChange={(e) => onPageSize(Number(e.target.value))} aria-label="Rows per page">
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </NativeSelect>
        </label>
        {pages !== undefined ? <span className="whitespace-nowrap text-muted-foreground">Page {page} of {pages.toLocaleString("en-US")}</span> : null}
        <div className="flex items-center gap-1">
          <Button variant="outline" size="icon" className="size-8" aria-label="First page" disabled={page <= 1} onClick={() => onPage(1)}>
            <ChevronsLeft aria-hidden />
          </Button>
          <Button variant="outline" size="icon" className="size-8" aria-label="Previous page" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            <ChevronLeft aria-hidden />
          </Button>
          <Button variant="outline" size="icon" className="size-8" aria-label="Next page" disabled={pages === undefined ? !hasMore : page >= pages} onClick={() => onPage(page + 1)}>
            <ChevronRight aria-hidden />
          </Button>
          {pages !== undefined ? (
            <Button variant="outline" size="icon" className="size-8" aria-label="Last page" disabled={page >= pages} onClick={() => onPage(pages)}>
              <ChevronsRight aria-hidden />
            </Button>
          ) : null}
        </div>
      </div>
    </nav>
  );
}
