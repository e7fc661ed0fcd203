import { Skeleton } from "@/components/ui/skeleton";

/** Shown while a signed-in page loads: its header and a table-like block, in the page's own frame. */
export default function Loading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <span className="sr-only">Loading…</span>
      <div className="space-y-2">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-4 w-72 max-w-full" />
      </div>
      <div className="space-y-3 rounded-xl border bg-card p-5">
        <Skeleton className="h-9 w-full max-w-sm" />
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    </div>
  );
}
