"use client";

import { useCallback, useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

/**
 * A server-driven table keeps its state (search, sort, page, size, filters)
 * in the URL: shareable, and the back button works. `set` merges a patch
 * (empty or null drops a parameter); sorting and paging push a history entry,
 * typing in a search box replaces the current one.
 */
export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();

  const set = useCallback(
    (patch: Record<string, string | number | null | undefined>, { replace = false } = {}) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || value === undefined || value === "") next.delete(key);
        else next.set(key, String(value));
      }
      const query = next.toString();
      const href = query ? `${pathname}?${query}` : pathname;
      startTransition(() => (replace ? router.replace(href, { scroll: false }) : router.push(href, { scroll: false })));
    },
    [params, pathname, router],
  );

  return { params, set, pending };
}
