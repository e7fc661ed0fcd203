"use client";

import { useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { createTokenAction } from "@/app/(app)/(admin)/tokens/actions";
import { ConfirmFirst } from "@/components/auth/confirm-first";
import { reauthUrl } from "@/components/auth/use-reauth";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { namePattern, SCOPES, tokenName, type ExpiryChoice, type Scope } from "@/lib/tokens/schemas";

const EXPIRY_LABELS: Record<ExpiryChoice, string> = { "30": "30 days", "90": "90 days", "365": "1 year", never: "Never" };
const SCOPE_TEXT: Record<Scope, { title: string; hint: string }> = {
  "secrets:read": { title: "Read values", hint: "getSecretValue and listSecretInfo" },
  "secrets:write": { title: "Write secrets", hint: "createSecret, updateSecret and deleteSecret" },
};

const firstIssue = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? undefined : r.error?.issues[0]?.message);
const nameProblem = (name: string) => (name === "" ? undefined : firstIssue(tokenName.safeParse(name)));
const splitPatterns = (text: string) => text.split(",").map((p) => p.trim()).filter(Boolean);
function patternsProblem(text: string): string | undefined {
  for (const p of splitPatterns(text)) {
    const problem = firstIssue(namePattern.safeParse(p));
    if (problem) return `"${p}" ${problem}`;
  }
  return undefined;
}

/**
 * The Create token button and dialog. The new token is shown once, in this
 * dialog only (it came in the action's answer; the page never has it), and
 * forgotten when the dialog closes. Keep it where the page renders it in
 * every state (the page header), so no refresh remounts it. Creating needs
 * a recent sign-in: when it is no longer recent the dialog says so before
 * anything is typed.
 */
export function CreateTokenDialog({ recentAuthUntil }: { recentAuthUntil: number }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ token: string; name: string }>();
  const [stale, setStale] = useState(false);
  // The list is refreshed once the dialog closes, not while the token shows: a re-render must not take it away.
  const openChange = (o: boolean) => {
    setOpen(o);
    if (!o && created) router.refresh();
    setCreated(undefined);
    if (o) setStale(Date.now() > recentAuthUntil);
  };
  return (
    <Dialog open={open} onOpenChange={openChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> Create token
        </Button>
      </DialogTrigger>
      {/* Once a token is shown, only Done (or Escape, or the close button) closes: not a stray click beside it. */}
      <DialogContent className="sm:max-w-xl" onInteractOutside={(e) => created && e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>{created ? `Token ${created.name} is ready` : "Create API token"}</DialogTitle>
          <DialogDescription>
            {created ? "Give it to the code that needs it, then close this dialog." : "Code sends the token with each request. Give each service its own."}
          </DialogDescription>
        </DialogHeader>
        {!open ? null : created ? (
          <NewToken token={created.token} onDone={() => openChange(false)} />
        ) : stale ? (
          <ConfirmFirst why="A token can read secrets without anyone signed in, so creating one needs a recent sign-in." back="/tokens" />
        ) : (
          <CreateTokenForm onCreated={setCreated} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (t: { token: string; name: string }) => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["secrets:read"]);
  const [expiry, setExpiry] = useState<ExpiryChoice>("90");
  const [names, setNames] = useState("");
  const [result, setResult] = useState<{ error?: string; fieldErrors?: Record<string, string> }>({});
  // A server error belongs to what was sent; editing the field clears it.
  const [sent, setSent] = useState({ name: "", scopes: "", expiry: "", names: "" });
  const [pending, startTransition] = useTransition();
  const serverError = (field: keyof typeof sent, current: string) => (current === sent[field] ? result.fieldErrors?.[field] : undefined);

  const toggle = (scope: Scope, on: boolean) => setScopes((list) => SCOPES.filter((s) => (s === scope ? on : list.includes(s))));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      setSent({ name, scopes: scopes.join(","), expiry, names });
      const r = await createTokenAction({ name, scopes, expiry, names });
      if (r.reauth) return router.push(reauthUrl("/tokens"));
      if (r.ok && r.token && r.tokenName) return onCreated({ token: r.token, name: r.tokenName });
      setResult({ error: r.error, fieldErrors: r.fieldErrors });
    });
  };

  const scopesError = scopes.length === 0 ? "Choose at least one." : serverError("scopes", scopes.join(","));
  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <FormMessage state={{ error: result.error }} />
      <FormField
        label="Name"
        name="name"
        error={serverError("name", name) ?? nameProblem(name)}
        hint="Who uses it, e.g. backend.prod: reads are counted under this name. Letters, digits and _ + = - @ # $ ."
      >
        <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} autoFocus className="font-mono" maxLength={60} />
      </FormField>
      <fieldset className="grid gap-2" aria-describedby={scopesError ? "scopes-error" : undefined}>
        <legend className="mb-2 text-sm leading-none font-medium">Scopes</legend>
        {SCOPES.map((s) => (
          <label key={s} className="flex items-start gap-2 rounded-lg border p-3 text-sm has-[:checked]:border-primary/50 has-[:checked]:bg-accent/40">
            <input type="checkbox" name="scopes" value={s} checked={scopes.includes(s)} onChange={(e) => toggle(s, e.target.checked)} className="mt-0.5 size-4 accent-primary" />
            <span className="grid gap-0.5">
              <span className="font-medium">
                {SCOPE_TEXT[s].title} <code className="font-mono text-xs font-normal text-muted-foreground">{s}</code>
              </span>
              <span className="text-xs text-muted-foreground">{SCOPE_TEXT[s].hint}</span>
            </span>
          </label>
        ))}
        {scopesError ? (
          <p id="scopes-error" className="text-xs font-medium text-destructive">
            {scopesError}
          </p>
        ) : null}
      </fieldset>
      <div className="grid items-start gap-4 sm:grid-cols-[10rem_1fr]">
        <FormField label="Expires" name="expiry" error={serverError("expiry", expiry)}>
          <NativeSelect value={expiry} onChange={(e) => setExpiry(e.target.value as ExpiryChoice)}>
            {(Object.keys(EXPIRY_LABELS) as ExpiryChoice[]).map((c) => (
              <option key={c} value={c}>
                {c === "never" ? EXPIRY_LABELS[c] : `In ${EXPIRY_LABELS[c]}`}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField
          label={
            <>
              Limit to secrets <span className="font-normal text-muted-foreground">(optional)</span>
            </>
          }
          name="names"
          error={serverError("names", names) ?? patternsProblem(names)}
          hint="Only names matching one of these, comma-separated; * matches anything. Empty: every secret."
        >
          <Input value={names} onChange={(e) => setNames(e.target.value)} placeholder="STRIPE_*, PAYPAL_*" autoComplete="off" spellCheck={false} className="font-mono" />
        </FormField>
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline">
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={pending || scopes.length === 0}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </DialogFooter>
    </form>
  );
}

function NewToken({ token, onDone }: { token: string; onDone: () => void }) {
  return (
    <div className="grid gap-4">
      <Alert variant="warning">
        <AlertTitle>Copy it now: you will not see it again</AlertTitle>
        <AlertDescription>Only a hash of the token is stored. If it is lost, revoke it and create another.</AlertDescription>
      </Alert>
      <OneTimeSecret value={token} label="The new API token" testId="new-token" what="token" copiedHint="Paste it where the code reads its configuration, e.g. SECRETS_TOKEN." />
      <DialogFooter>
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </DialogFooter>
    </div>
  );
}
