"use client";

import { useId, useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { reauthUrl } from "@/components/auth/use-reauth";
import { updateSecretAction } from "@/app/(app)/(admin)/secrets/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import type { UsageSummary } from "@/lib/secrets/usage";
import type { SecretRef } from "./row-actions";
import { DescriptionField, NameField } from "./secret-fields";
import { ConfirmName, needsTypedName, UsageWarning, useUsage } from "./usage-warning";

/** Rename and description. A rename keeps the old name answering for a while unless the admin says otherwise. */
export function EditSecretDialog({ secret, usage: known, onClose }: { secret: SecretRef; usage?: UsageSummary; onClose: () => void }) {
  const router = useRouter();
  const usage = useUsage(secret.id, known);
  const [name, setName] = useState(secret.name);
  const [description, setDescription] = useState(secret.description);
  const [keepAlias, setKeepAlias] = useState(true);
  const [aliasDays, setAliasDays] = useState("7");
  const [typed, setTyped] = useState("");
  const [result, setResult] = useState<{ error?: string; fieldErrors?: Record<string, string>; sentName?: string }>({});
  const [pending, startTransition] = useTransition();
  const aliasId = useId();
  const renaming = name !== secret.name;
  const guarded = renaming && name.toLowerCase() !== secret.name.toLowerCase() && needsTypedName(usage);
  const blocked = guarded && typed !== secret.name;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    startTransition(async () => {
      const r = await updateSecretAction({ secretId: secret.id, name, description, keepAlias, aliasDays: Number(aliasDays) });
      if (r.reauth) return router.push(reauthUrl(`${window.location.pathname}${window.location.search}`));
      if (r.ok) {
        toast.success(r.message ?? "Saved");
        onClose();
        router.refresh();
        return;
      }
      setResult({ error: r.error, fieldErrors: r.fieldErrors, sentName: name });
    });
  };

  const days = Number(aliasDays);
  const consequence = keepAlias
    ? `Code asking for ${secret.name} keeps working for ${Number.isInteger(days) && days >= 1 ? days : "N"} days through an alias; move it to ${name || "the new name"} before then.`
    : `Code asking for ${secret.name} fails from the moment you save.`;

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Edit {secret.name}</DialogTitle>
          <DialogDescription>Rename it or change its description. Changing the value is a separate step.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <FormMessage state={{ error: result.error }} />
          <NameField value={name} onChange={setName} serverError={name === result.sentName ? result.fieldErrors?.name : undefined} autoFocus />
          <DescriptionField value={description} onChange={setDescription} serverError={result.fieldErrors?.description} />
          {renaming ? (
            <fieldset className="grid gap-3 rounded-lg border p-3">
              <legend className="px-1 text-sm font-medium">The old name</legend>
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" checked={keepAlias} onChange={(e) => setKeepAlias(e.target.checked)} className="mt-0.5 size-4 accent-primary" />
                <span>
                  Keep <code className="font-mono break-all">{secret.name}</code> working as an alias
                </span>
              </label>
              {keepAlias ? (
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <label htmlFor={aliasId}>For</label>
                  <Input
                    id={aliasId}
                    type="number"
                    min={1}
                    max={90}
                    value={aliasDays}
                    onChange={(e) => setAliasDays(e.target.value)}
                    className="w-20"
                    aria-invalid={result.fieldErrors?.aliasDays ? true : undefined}
                    aria-describedby={`${aliasId}-hint`}
                  />
                  <span id={`${aliasId}-hint`}>days (1–90)</span>
                  {result.fieldErrors?.aliasDays ? <span className="text-xs font-medium text-destructive">{result.fieldErrors.aliasDays}</span> : null}
                </div>
              ) : null}
              <UsageWarning state={usage} name={secret.name} consequence={consequence} />
              {guarded ? <ConfirmName name={secret.name} value={typed} onChange={setTyped} /> : null}
            </fieldset>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending || blocked || (renaming && !usage.usage && !usage.error)}>
              {pending ? "Saving…" : renaming ? "Rename" : "Save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
