"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { reauthUrl } from "@/components/auth/use-reauth";
import { deleteSecretAction } from "@/app/(app)/(admin)/secrets/actions";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form";
import type { UsageSummary } from "@/lib/secrets/usage";
import type { SecretRef } from "./row-actions";
import { ConfirmName, needsTypedName, UsageWarning, useUsage } from "./usage-warning";

/** Moves the secret to the trash, after saying who will stop getting it. */
export function DeleteSecretDialog({
  secret,
  usage: known,
  onClose,
  afterDelete,
}: {
  secret: SecretRef;
  usage?: UsageSummary;
  onClose: () => void;
  /** Where to go afterwards (the secret's own page no longer exists). */
  afterDelete?: string;
}) {
  const router = useRouter();
  const usage = useUsage(secret.id, known);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const guarded = needsTypedName(usage);
  const blocked = (guarded && typed !== secret.name) || (!usage.usage && !usage.error);

  const confirm = () =>
    startTransition(async () => {
      const r = await deleteSecretAction({ secretId: secret.id });
      if (r.reauth) return router.push(reauthUrl(`${window.location.pathname}${window.location.search}`));
      if (!r.ok) return setError(r.error);
      toast.success(`Moved ${secret.name} to the trash`, {
        description: "It can be restored for 30 days.",
        action: { label: "Open trash", onClick: () => router.push("/trash") },
      });
      onClose();
      if (afterDelete) router.push(afterDelete);
      else router.refresh();
    });

  return (
    <AlertDialog open onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent className="sm:max-w-lg">
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {secret.name}?</AlertDialogTitle>
          <AlertDialogDescription>It moves to the trash, where it can be restored for 30 days. Its name is free for another secret meanwhile.</AlertDialogDescription>
        </AlertDialogHeader>
        <FormMessage state={{ error }} />
        <UsageWarning state={usage} name={secret.name} consequence={`Code asking for ${secret.name} fails from the moment you delete it.`} />
        {guarded ? <ConfirmName name={secret.name} value={typed} onChange={setTyped} /> : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" disabled={pending || blocked} onClick={confirm}>
            {pending ? "Deleting…" : "Delete"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
