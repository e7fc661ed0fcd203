"use client";

import { useActionState } from "react";
import { twoFactorAction } from "@/app/(app)/account/actions";
import { Button, Field, FormMessage } from "@/components/ui/form";
import { useReauth } from "./use-reauth";

export function TwoFactorCard({ enabled }: { enabled: boolean }) {
  const [state, action, pending] = useActionState(twoFactorAction, {});
  useReauth(state.reauth);
  const v: Record<string, string> = state.values ?? {};

  if (v.codes) {
    return (
      <div className="space-y-3">
        <FormMessage state={state} />
        <p className="text-sm text-zinc-700">
          Save these recovery codes somewhere safe. Each works once if you lose your authenticator app; they will not be shown again.
        </p>
        <ul className="grid grid-cols-2 gap-2 font-mono text-sm" data-testid="recovery-codes">
          {v.codes.split(" ").map((c: string) => (
            <li key={c} className="rounded bg-zinc-100 px-2 py-1">{c}</li>
          ))}
        </ul>
      </div>
    );
  }

  if (v.secret) {
    return (
      <form action={action} className="space-y-4">
        <FormMessage state={state} />
        <p className="text-sm text-zinc-700">
          Add this account to your authenticator app with the key below (or open the link on your phone), then enter the 6-digit code it shows.
        </p>
        <p className="break-all rounded bg-zinc-100 px-3 py-2 font-mono text-sm" data-testid="totp-secret">{v.secret}</p>
        <a href={v.uri} className="text-sm underline">Open in authenticator app</a>
        <input type="hidden" name="intent" value="confirm" />
        <input type="hidden" name="secret" value={v.secret} />
        <input type="hidden" name="uri" value={v.uri} />
        <Field name="code" label="Code from the app" inputMode="numeric" autoComplete="one-time-code" required error={state.fieldErrors?.code} />
        <Button type="submit" disabled={pending}>Turn on</Button>
      </form>
    );
  }

  if (enabled) {
    return (
      <form action={action} className="space-y-4">
        <FormMessage state={state} />
        <p className="text-sm text-emerald-700">Two-factor sign-in is on.</p>
        <input type="hidden" name="intent" value="disable" />
        <Field name="password" label="Password (to turn it off)" type="password" autoComplete="current-password" error={state.fieldErrors?.password} />
        <Field name="code" label="Current code or a recovery code" autoComplete="one-time-code" error={state.fieldErrors?.code} />
        <Button variant="danger" type="submit" disabled={pending}>Turn off</Button>
      </form>
    );
  }

  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <p className="text-sm text-zinc-700">Ask for a code from an authenticator app at every sign-in.</p>
      <input type="hidden" name="intent" value="start" />
      <Button type="submit" disabled={pending}>Set up two-factor sign-in</Button>
    </form>
  );
}
