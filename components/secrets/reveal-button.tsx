"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { revealSecretAction } from "@/app/(app)/secrets/actions";
import { reauthUrl } from "@/components/auth/use-reauth";

const VISIBLE_SECONDS = 30;

/** Fetches the value only when asked, shows it for 30 seconds, then forgets it. */
export function RevealButton({ secretId, name }: { secretId: string; name: string }) {
  const router = useRouter();
  const [value, setValue] = useState<string | null>(null);
  const [left, setLeft] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    if (value === null) return;
    const timer = setInterval(() => setLeft((s) => s - 1), 1000);
    const hide = setTimeout(() => setValue(null), VISIBLE_SECONDS * 1000);
    return () => {
      clearInterval(timer);
      clearTimeout(hide);
    };
  }, [value]);

  const reveal = () =>
    startTransition(async () => {
      setError(null);
      const result = await revealSecretAction({ secretId });
      if (result.reauth) return router.push(reauthUrl("/secrets"));
      if (result.error) return setError(result.error);
      setValue(result.value ?? null);
      setLeft(VISIBLE_SECONDS);
    });

  if (value !== null) {
    return (
      <span className="flex items-center gap-2">
        <code className="max-w-xs truncate rounded bg-amber-50 px-2 py-1 font-mono text-xs" data-testid={`value-${name}`}>{value}</code>
        <span className="text-xs text-zinc-500">{left}s</span>
        <button type="button" className="text-xs underline" onClick={() => setValue(null)}>Hide</button>
      </span>
    );
  }
  return (
    <span className="flex items-center gap-2">
      <button type="button" onClick={reveal} disabled={pending} className="text-sm underline" aria-label={`Reveal ${name}`}>
        {pending ? "…" : "Reveal"}
      </button>
      {error ? <span role="alert" className="text-xs text-red-600">{error}</span> : null}
    </span>
  );
}
