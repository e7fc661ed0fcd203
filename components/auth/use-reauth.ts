"use client";

import { useEffect } from "react";
import { usePathname, useRouter } from "next/navigation";

/**
 * When an action answers `{ reauth: true }`, sends the user to confirm their
 * password (and code) and, once done, back to this page to try again.
 */
export function useReauth(needed: boolean | undefined) {
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    if (needed) router.push(reauthUrl(pathname));
  }, [needed, router, pathname]);
}

export const reauthUrl = (back: string) => `/reauth?next=${encodeURIComponent(back)}`;
