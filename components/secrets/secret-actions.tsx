"use client";

import { useState } from "react";
import { Copy, Eye, KeyRound, Pencil, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { UsageSummary } from "@/lib/secrets/usage";
import { ChangeValueDialog } from "./change-value-dialog";
import { DeleteSecretDialog } from "./delete-secret-dialog";
import { EditSecretDialog } from "./edit-secret-dialog";
import { RevealedValue } from "./revealed-value";
import type { DialogKind, SecretRef } from "./row-actions";
import { useSecretValue } from "./use-secret-value";

/** The secret page's actions: the same reveal, copy and dialogs as the list, with the usage the page already loaded. */
export function SecretActions({
  secret,
  usage,
  revealSeconds,
  recentAuthUntil,
}: {
  secret: SecretRef;
  usage: UsageSummary;
  revealSeconds: number;
  recentAuthUntil: number;
}) {
  const v = useSecretValue(revealSeconds);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const value = v.value(secret.id);
  const close = () => setDialog(null);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Button
          variant="outline"
          aria-label={`Reveal ${secret.name}`}
          aria-pressed={value !== undefined}
          disabled={v.busy}
          onClick={() => (value === undefined ? v.reveal(secret.id) : v.hide(secret.id))}
        >
          <Eye aria-hidden /> Reveal
        </Button>
        <Button variant="outline" disabled={v.busy} onClick={() => v.copy(secret.id, secret.name)}>
          <Copy aria-hidden /> Copy value
        </Button>
        <Button variant="outline" onClick={() => setDialog("edit")}>
          <Pencil aria-hidden /> Edit
        </Button>
        <Button variant="outline" onClick={() => setDialog("value")}>
          <KeyRound aria-hidden /> Change value
        </Button>
        <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setDialog("delete")}>
          <Trash2 aria-hidden /> Delete
        </Button>
      </div>
      {value !== undefined ? (
        <RevealedValue
          name={secret.name}
          value={value}
          secondsLeft={v.left(secret.id)}
          onHide={() => v.hide(secret.id)}
          onCopy={() => v.copy(secret.id, secret.name)}
        />
      ) : null}
      {dialog === "edit" ? <EditSecretDialog secret={secret} usage={usage} onClose={close} /> : null}
      {dialog === "value" ? <ChangeValueDialog secret={secret} usage={usage} recentAuthUntil={recentAuthUntil} onClose={close} /> : null}
      {dialog === "delete" ? <DeleteSecretDialog secret={secret} usage={usage} onClose={close} afterDelete="/secrets" /> : null}
    </div>
  );
}
