"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { revokeTokenAction } from "@/app/(app)/(admin)/tokens/actions";
import { reauthUrl } from "@/components/auth/use-reauth";
import { plural } from "@/components/secrets/format";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form";
import { LocalTime } from "@/components/ui/local-time";

type Revocable = { id: string; name: string; lastUsedAt: Date | null; reads: number };

/** Revoke, after saying what stops working: code using the token is refused from the next request on. */
export function RevokeTokenDialog({ token }: { token: Revocable }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  const revoke = () =>
    startTransition(async () => {
      const r = await revokeTokenAction({ tokenId: token.id });
      if (r.reauth) return router.push(reauthUrl("/tokens"));
      if (!r.ok) return setError(r.error);
      toast.success(`Revoked ${token.name}`, { description: "Code using it is refused from now on." });
      setOpen(false);
      router.refresh();
    });

  return (
    <AlertDialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setError(undefined);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" className="text-destructive hover:text-destructive" aria-label={`Revoke ${token.name}`}>
          Revoke
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke {token.name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Every request with this token is refused from now on, on every instance within a second. This cannot be undone: create a new token if the
            code still needs access. The name stays taken, so the audit log keeps meaning this one token.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {token.lastUsedAt ? (
          <Alert variant="warning" data-testid="token-usage-warning">
            <AlertTitle>It is in use</AlertTitle>
            <AlertDescription>
              <p>
                Last used <LocalTime date={token.lastUsedAt} relative />, {plural(token.reads, "value")} read with it so far. Whatever uses it stops
                working.
              </p>
            </AlertDescription>
          </Alert>
        ) : (
          <p className="text-sm text-muted-foreground">It has never been used.</p>
        )}
        <FormMessage state={{ error }} />
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" onClick={revoke} disabled={pending}>
            {pending ? "Revoking…" : "Revoke token"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
