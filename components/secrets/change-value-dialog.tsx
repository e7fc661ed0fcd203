"use client";

import { useState, useTransition, type FormEvent } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { toast } from "sonner";
import { changeValueAction } from "@/app/(app)/(admin)/secrets/actions";
import { reauthUrl } from "@/components/auth/use-reauth";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/form";
import type { UsageSummary } from "@/lib/secrets/usage";
import type { SecretRef } from "./row-actions";
import { ValueField } from "./secret-fields";
import { ConfirmName, needsTypedName, UsageWarning, useUsage } from "./usage-warning";

/**
 * A new value (the old one stays as a version). It needs a recent sign-in;
 * when the sign-in is no longer recent the dialog says so before anything is
 * typed, so a pasted value is not lost on the way to /reauth.
 */
export function ChangeValueDialog({
  secret,
  usage: known,
  recentAuthUntil,
  onClose,
}: {
  secret: SecretRef;
  usage?: UsageSummary;
  recentAuthUntil: number;
  onClose: () => void;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const back = search ? `${pathname}?${search}` : pathname;
  const usage = useUsage(secret.id, known);
  const [value, setValue] = useState("");
  const [typed, setTyped] = useState("");
  const [stale] = useState(() => Date.now() > recentAuthUntil);
  const [result, setResult] = useState<{ error?: string; fieldErrors?: Record<string, string> }>({});
  const [pending, startTransition] = useTransition();
  const guarded = needsTypedName(usage);
  const blocked = guarded && typed !== secret.name;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    startTransition(async () => {
      const r = await changeValueAction({ secretId: secret.id, value });
      if (r.reauth) return router.push(reauthUrl(back));
      if (r.ok) {
        toast.success(`Changed the value of ${secret.name}`, { description: "The previous value is kept as a version." });
        onClose();
        router.refresh();
        return;
      }
      setResult({ error: r.error, fieldErrors: r.fieldErrors });
    });
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Change the value of {secret.name}</DialogTitle>
          <DialogDescription>Code reading it gets the new value at once. The previous value is kept and can be restored from Versions.</DialogDescription>
        </DialogHeader>
        {stale ? (
          <Alert variant="warning">
            <AlertTitle>Confirm it is you first</AlertTitle>
            <AlertDescription className="space-y-2">
              <p>Changing a value needs a recent sign-in. Enter your password, then come back here.</p>
              <Button size="sm" onClick={() => router.push(reauthUrl(back))}>
                Confirm it is you
              </Button>
            </AlertDescription>
          </Alert>
        ) : (
          <form onSubmit={submit} className="grid gap-4" noValidate>
            <FormMessage state={{ error: result.error }} />
            <UsageWarning state={usage} name={secret.name} consequence="Code that still holds the old value stops working when the service it talks to stops accepting it." />
            <ValueField label="New value" value={value} onChange={setValue} serverError={result.fieldErrors?.value} />
            {guarded ? <ConfirmName name={secret.name} value={typed} onChange={setTyped} /> : null}
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button" variant="outline">
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" disabled={pending || blocked || (!usage.usage && !usage.error)}>
                {pending ? "Changing…" : "Change value"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
