"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { reauthUrl } from "@/components/auth/use-reauth";
import { purgeSecretAction, restoreSecretAction } from "@/app/(app)/(admin)/trash/actions";
import { ConfirmName } from "@/components/secrets/usage-warning";
import { NameField } from "@/components/secrets/secret-fields";
import { callerLabel } from "@/components/secrets/format";
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
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";

export type TrashRow = { id: string; name: string; description: string; deletedDate: Date; deletedBy: string | null; purgeAfter: Date };

/** Deleted secrets: who deleted them, when they go for good; restore, or delete permanently after typing the name. */
export function TrashTable({ rows }: { rows: TrashRow[] }) {
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="Deleted secrets" data-testid="trash-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Name</TableHead>
            <TableHead className="hidden md:table-cell">Deleted by</TableHead>
            <TableHead className="hidden sm:table-cell">Deleted</TableHead>
            <TableHead>Purged for good</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id} data-testid={`trash-row-${r.name}`}>
              <TableCell className="max-w-[12rem] sm:max-w-[16rem]">
                <Truncate text={r.name} className="font-mono text-[13px] font-medium" />
                {r.description ? <Truncate text={r.description} className="text-xs text-muted-foreground" /> : null}
              </TableCell>
              <TableCell className="hidden max-w-[14rem] truncate md:table-cell">{r.deletedBy ? callerLabel(r.deletedBy) : "—"}</TableCell>
              <TableCell className="hidden sm:table-cell">
                <LocalTime date={r.deletedDate} relative className="text-muted-foreground" />
              </TableCell>
              <TableCell>
                <LocalTime date={r.purgeAfter} relative />
              </TableCell>
              <TableCell>
                <div className="flex flex-wrap justify-end gap-2">
                  <RestoreDialog secret={r} />
                  <PurgeDialog secret={r} />
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function RestoreDialog({ secret }: { secret: TrashRow }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [taken, setTaken] = useState<string>();
  const [name, setName] = useState(secret.name);
  const [result, setResult] = useState<{ error?: string; fieldErrors?: Record<string, string>; sent?: string }>({});
  const [pending, startTransition] = useTransition();

  const restore = () =>
    startTransition(async () => {
      const r = await restoreSecretAction(taken ? { secretId: secret.id, name } : { secretId: secret.id });
      if (r.reauth) return router.push(reauthUrl("/trash"));
      if (r.ok) {
        toast.success(r.message ?? `Restored ${secret.name}`, { action: { label: "Open secrets", onClick: () => router.push("/secrets") } });
        setOpen(false);
        router.refresh();
        return;
      }
      if (r.nameTaken && !taken) {
        setTaken(r.error);
        setName(`${secret.name}_restored`.slice(0, 50));
        return;
      }
      setResult({ error: r.error, fieldErrors: r.fieldErrors, sent: name });
    });

  return (
    <AlertDialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          setTaken(undefined);
          setResult({});
        }
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Restore ${secret.name}`}>
          Restore
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Restore {secret.name}?</AlertDialogTitle>
          <AlertDialogDescription>It comes back with its value and versions; code asking for its name works again.</AlertDialogDescription>
        </AlertDialogHeader>
        {taken ? (
          <>
            <Alert variant="warning">
              <AlertTitle>The name is taken</AlertTitle>
              <AlertDescription>{taken}. Restore it under another name:</AlertDescription>
            </Alert>
            <NameField value={name} onChange={setName} serverError={name === result.sent ? (result.fieldErrors?.name ?? result.error) : undefined} autoFocus />
          </>
        ) : result.error ? (
          <p role="alert" className="text-sm text-destructive">{result.error}</p>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button onClick={restore} disabled={pending}>
            {pending ? "Restoring…" : taken ? "Restore under this name" : "Restore"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function PurgeDialog({ secret }: { secret: TrashRow }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const purge = () =>
    startTransition(async () => {
      const r = await purgeSecretAction({ secretId: secret.id });
      if (r.reauth) return router.push(reauthUrl("/trash"));
      if (!r.ok) return setError(r.error);
      toast.success(`Deleted ${secret.name} permanently`);
      setOpen(false);
      router.refresh();
    });
  return (
    <AlertDialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setTyped("");
        setError(undefined);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" className="text-destructive hover:text-destructive" aria-label={`Delete ${secret.name} permanently`}>
          Delete permanently
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {secret.name} permanently?</AlertDialogTitle>
          <AlertDialogDescription>Its value and every earlier version are destroyed. This cannot be undone.</AlertDialogDescription>
        </AlertDialogHeader>
        <ConfirmName name={secret.name} value={typed} onChange={setTyped} />
        {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" onClick={purge} disabled={pending || typed !== secret.name}>
            {pending ? "Deleting…" : "Delete permanently"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
