"use client";

import { useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { createEndpointAction } from "@/app/(app)/(admin)/webhooks/actions";
import { ConfirmFirst } from "@/components/auth/confirm-first";
import { reauthUrl } from "@/components/auth/use-reauth";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { WEBHOOK_EVENTS, type WebhookEvent } from "@/lib/webhooks/events";
import { endpointDescription, endpointUrl } from "@/lib/webhooks/schemas";
import { EVENT_TEXT } from "./labels";

const firstIssue = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? undefined : r.error?.issues[0]?.message);
const urlProblem = (url: string) => (url === "" ? undefined : firstIssue(endpointUrl.safeParse(url)));
const isPlainHttp = (url: string) => /^http:\/\//i.test(url.trim());

type Created = { secret: string; url: string };

/**
 * The Add endpoint button and dialog. The signing secret is shown once, in
 * this dialog only (it came in the action's answer; the page never has it),
 * and forgotten when the dialog closes. Adding needs a recent sign-in: when
 * it is no longer recent the dialog says so before anything is typed.
 */
export function AddEndpointDialog({ recentAuthUntil }: { recentAuthUntil: number }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<Created>();
  const [stale, setStale] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setCreated(undefined);
        if (o) setStale(Date.now() > recentAuthUntil);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> Add endpoint
        </Button>
      </DialogTrigger>
      {/* Once the secret is shown, only Done (or Escape, or the close button) closes: not a stray click beside it. */}
      <DialogContent className="sm:max-w-xl" onInteractOutside={(e) => created && e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>{created ? "Endpoint added" : "Add webhook endpoint"}</DialogTitle>
          <DialogDescription>
            {created ? "Give the signing secret to the receiver, then close this dialog." : "We POST a signed JSON event to this URL when a secret changes."}
          </DialogDescription>
        </DialogHeader>
        {!open ? null : created ? (
          <NewSecret created={created} onDone={() => setOpen(false)} />
        ) : stale ? (
          <ConfirmFirst why="An endpoint hears about every change to the secrets it subscribes to, so adding one needs a recent sign-in." back="/webhooks" />
        ) : (
          <AddEndpointForm onCreated={setCreated} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function AddEndpointForm({ onCreated }: { onCreated: (c: Created) => void }) {
  const router = useRouter();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const [description, setDescription] = useState("");
  const [result, setResult] = useState<{ error?: string; fieldErrors?: Record<string, string> }>({});
  // A server error belongs to what was sent; editing the field clears it.
  const [sent, setSent] = useState({ url: "", events: "", description: "" });
  const [pending, startTransition] = useTransition();
  const serverError = (field: keyof typeof sent, current: string) => (current === sent[field] ? result.fieldErrors?.[field] : undefined);

  const toggle = (event: WebhookEvent, on: boolean) => setEvents((list) => WEBHOOK_EVENTS.filter((e) => (e === event ? on : list.includes(e))));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      setSent({ url, events: events.join(","), description });
      const r = await createEndpointAction({ url, events, description });
      if (r.reauth) return router.push(reauthUrl("/webhooks"));
      if (r.ok && r.signingSecret && r.endpointUrl) {
        onCreated({ secret: r.signingSecret, url: r.endpointUrl });
        router.refresh();
        return;
      }
      setResult({ error: r.error, fieldErrors: r.fieldErrors });
    });
  };

  const eventsError = events.length === 0 ? "Choose at least one." : serverError("events", events.join(","));
  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <FormMessage state={{ error: result.error }} />
      <FormField
        label="URL"
        name="url"
        error={serverError("url", url) ?? urlProblem(url)}
        hint={
          isPlainHttp(url) ? (
            <span className="font-medium text-warning-foreground">Plain http: anyone on the way can read the events (names, not values). Use https outside a trusted network.</span>
          ) : (
            "Where your receiver listens, e.g. https://hooks.example.com/secrets. Not this app, nor a private address unless the owner allows them."
          )
        }
      >
        <Input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          type="url"
          inputMode="url"
          placeholder="https://"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          className="font-mono"
        />
      </FormField>
      <fieldset className="grid gap-2" aria-describedby={eventsError ? "events-error" : undefined}>
        <legend className="mb-2 text-sm leading-none font-medium">Events</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} className="flex items-start gap-2 rounded-lg border p-3 text-sm has-[:checked]:border-primary/50 has-[:checked]:bg-accent/40">
              <input
                type="checkbox"
                name="events"
                value={ev}
                checked={events.includes(ev)}
                onChange={(e) => toggle(ev, e.target.checked)}
                className="mt-0.5 size-4 accent-primary"
              />
              <span className="grid gap-0.5">
                <span className="font-medium">{EVENT_TEXT[ev].title}</span>
                <code className="font-mono text-xs text-muted-foreground">{ev}</code>
              </span>
            </label>
          ))}
        </div>
        {eventsError ? (
          <p id="events-error" className="text-xs font-medium text-destructive">
            {eventsError}
          </p>
        ) : null}
      </fieldset>
      <FormField
        label={
          <>
            Description <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        name="description"
        error={serverError("description", description) ?? firstIssue(endpointDescription.safeParse(description))}
      >
        <Input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Who receives it, e.g. deploy bot" autoComplete="off" maxLength={220} />
      </FormField>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline">
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={pending || events.length === 0 || url.trim() === ""}>
          {pending ? "Adding…" : "Add endpoint"}
        </Button>
      </DialogFooter>
    </form>
  );
}

function NewSecret({ created, onDone }: { created: Created; onDone: () => void }) {
  return (
    <div className="grid gap-4">
      <p className="min-w-0 text-sm break-all">
        <span className="text-muted-foreground">Events go to </span>
        <code className="font-mono text-xs">{created.url}</code>
      </p>
      <Alert variant="warning">
        <AlertTitle>Copy the signing secret now: you will not see it again</AlertTitle>
        <AlertDescription>
          The receiver verifies each delivery with it (Standard Webhooks: the <code className="font-mono text-xs">webhook-signature</code> header). If it is lost, remove the
          endpoint and add it again.
        </AlertDescription>
      </Alert>
      <OneTimeSecret value={created.secret} label="The signing secret" testId="signing-secret" what="signing secret" copiedHint="Give it to the receiver to verify each delivery." />
      <DialogFooter>
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </DialogFooter>
    </div>
  );
}
