"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { removeEndpointAction } from "@/app/(app)/(admin)/webhooks/actions";
import { reauthUrl } from "@/components/auth/use-reauth";
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
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form";

/**
 * Remove, after saying what stops: no more events, queued deliveries are
 * dropped, and the delivery log goes with it. `after` is where to go once
 * removed (the list, when removing from the endpoint's own page).
 */
export function RemoveEndpointDialog({ endpoint, after }: { endpoint: { id: string; url: string }; after?: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  const remove = () =>
    startTransition(async () => {
      const r = await removeEndpointAction({ endpointId: endpoint.id });
      if (r.reauth) return router.push(reauthUrl(after ?? "/webhooks"));
      if (!r.ok) return setError(r.error);
      toast.success("Endpoint removed", { description: "It gets no more events." });
      setOpen(false);
      if (after) router.push(after);
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
        <Button variant="outline" size="sm" className="text-destructive hover:text-destructive" aria-label={`Remove ${endpoint.url}`}>
          Remove
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove this endpoint?</AlertDialogTitle>
          <AlertDialogDescription className="break-all">
            <code className="font-mono text-xs">{endpoint.url}</code> gets no more events from now on. Deliveries still queued for it are dropped and its delivery
            log is deleted; the audit log keeps the removal. Adding it again gives it a new signing secret.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <FormMessage state={{ error }} />
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" onClick={remove} disabled={pending}>
            {pending ? "Removing…" : "Remove endpoint"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
