"use client";

import { useActionState } from "react";
import { ShieldCheck } from "lucide-react";
import { twoFactorAction } from "@/app/(app)/account/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/form";
import { RecoveryCodes } from "./recovery-codes";
import { TotpQrCode } from "./totp-qr-code";
import { useReauth } from "./use-reauth";

export function TwoFactorCard({ enabled }: { enabled: boolean }) {
  const [state, action, pending] = useActionState(twoFactorAction, {});
  useReauth(state.reauth);
  const v: Record<string, string> = state.values ?? {};

  if (v.codes) {
    return (
      <div className="grid gap-4">
        <FormMessage state={state} />
        <RecoveryCodes codes={v.codes.split(" ")} />
      </div>
    );
  }

  if (v.secret) {
    return (
      <form action={action} className="grid gap-4">
        <FormMessage state={state} />
        <ol className="list-decimal space-y-1 pl-5 text-sm text-muted-foreground">
          <li>Scan this code with your authenticator app (or type the key below into it).</li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        <div className="flex flex-col items-center gap-4 sm:flex-row sm:items-start">
          <TotpQrCode uri={v.uri ?? ""} />
          <div className="grid min-w-0 flex-1 gap-2 text-sm">
            <p className="text-xs font-medium text-muted-foreground">Key</p>
            <p className="rounded-md bg-muted px-3 py-2 font-mono text-sm break-all" data-testid="totp-secret">
              {v.secret}
            </p>
            <a href={v.uri} className="w-fit text-sm underline underline-offset-4">
              Open in authenticator app
            </a>
          </div>
        </div>
        <input type="hidden" name="intent" value="confirm" />
        <input type="hidden" name="secret" value={v.secret} />
        <input type="hidden" name="uri" value={v.uri} />
        <Field
          name="code"
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          className="max-w-40 font-mono tracking-widest"
          error={state.fieldErrors?.code}
        />
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Checking…" : "Turn on"}
          </Button>
        </div>
      </form>
    );
  }

  if (enabled) {
    return (
      <form action={action} className="grid gap-4">
        <FormMessage state={state} />
        <p className="flex items-center gap-2 text-sm font-medium text-success">
          <ShieldCheck className="size-4" aria-hidden />
          Two-factor sign-in is on.
        </p>
        <input type="hidden" name="intent" value="disable" />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field name="password" label="Password (to turn it off)" type="password" autoComplete="current-password" error={state.fieldErrors?.password} />
          <Field name="code" label="Current code or a recovery code" autoComplete="one-time-code" error={state.fieldErrors?.code} />
        </div>
        <div>
          <Button variant="destructive" type="submit" disabled={pending}>
            Turn off
          </Button>
        </div>
      </form>
    );
  }

  return (
    <form action={action} className="grid gap-4">
      <FormMessage state={state} />
      <p className="text-sm text-muted-foreground">Ask for a code from an authenticator app at every sign-in, so a password alone is not enough.</p>
      <input type="hidden" name="intent" value="start" />
      <div>
        <Button type="submit" disabled={pending}>
          Set up two-factor sign-in
        </Button>
      </div>
    </form>
  );
}
