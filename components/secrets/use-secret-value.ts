"use client";

import { useCallback, useEffect, useState, useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { toast } from "sonner";
import { copySecretAction, revealSecretAction } from "@/app/(app)/(admin)/secrets/actions";
import { reauthUrl } from "@/components/auth/use-reauth";

type Shown = { value: string; until: number };

/**
 * Reveal and copy. The value is fetched by a server action only when asked
 * for, kept in this component's memory only while shown, and dropped after
 * `seconds`, when the tab is hidden, or when the page goes away (unmount).
 * Copy never shows it: it goes straight to the clipboard, which is cleared
 * after `seconds` if it still holds the value (where the browser lets us
 * read it back).
 */
export function useSecretValue(seconds: number) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const here = search ? `${pathname}?${search}` : pathname;
  const [shown, setShown] = useState<Record<string, Shown>>({});
  const [now, setNow] = useState(0);
  const [busy, startTransition] = useTransition();

  const hide = useCallback((id?: string) => {
    setShown((s) => {
      if (id === undefined) return {};
      const { [id]: _gone, ...rest } = s;
      return rest;
    });
  }, []);

  const anyShown = Object.keys(shown).length > 0;
  useEffect(() => {
    if (!anyShown) return;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      setShown((s) => {
        const kept = Object.entries(s).filter(([, v]) => v.until > t);
        return kept.length === Object.keys(s).length ? s : Object.fromEntries(kept);
      });
    };
    tick();
    const timer = setInterval(tick, 250);
    const onHidden = () => document.visibilityState === "hidden" && hide();
    document.addEventListener("visibilitychange", onHidden);
    window.addEventListener("pagehide", onHidden);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onHidden);
      window.removeEventListener("pagehide", onHidden);
    };
  }, [anyShown, hide]);

  // Another page of the table, another sort: nothing stays revealed.
  useEffect(() => () => hide(), [here, hide]);

  const fetchValue = useCallback(
    async (action: typeof revealSecretAction, secretId: string) => {
      let result: Awaited<ReturnType<typeof action>>;
      try {
        result = await action({ secretId });
      } catch {
        toast.error("The server could not be reached. Try again.");
        return null;
      }
      if (result.reauth) {
        router.push(reauthUrl(here));
        return null;
      }
      if (result.error || typeof result.value !== "string") {
        toast.error(result.error ?? "The value could not be read.");
        return null;
      }
      return result.value;
    },
    [router, here],
  );

  const reveal = useCallback(
    (secretId: string) =>
      startTransition(async () => {
        const value = await fetchValue(revealSecretAction, secretId);
        if (value !== null) setShown((s) => ({ ...s, [secretId]: { value, until: Date.now() + seconds * 1000 } }));
      }),
    [fetchValue, seconds],
  );

  const copy = useCallback(
    (secretId: string, name: string) =>
      startTransition(async () => {
        const value = await fetchValue(copySecretAction, secretId);
        if (value === null) return;
        try {
          await navigator.clipboard.writeText(value);
        } catch {
          toast.error("The browser did not allow writing to the clipboard.");
          return;
        }
        toast.success("Copied", { description: `The value of ${name} is on the clipboard; it is cleared in ${seconds} seconds.` });
        setTimeout(() => void clearClipboard(value), seconds * 1000);
      }),
    [fetchValue, seconds],
  );

  const left = (secretId: string) => {
    const s = shown[secretId];
    return s ? Math.min(seconds, Math.max(0, Math.ceil((s.until - now) / 1000))) : 0;
  };

  return { value: (secretId: string) => shown[secretId]?.value, left, reveal, copy, hide, busy };
}

/** Empties the clipboard if it still holds the value; browsers that refuse to read it back keep it. */
async function clearClipboard(value: string) {
  try {
    if ((await navigator.clipboard.readText()) === value) await navigator.clipboard.writeText("");
  } catch {
    // Reading the clipboard needs a permission the admin may not have given.
  }
}
