"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { reauthUrl } from "@/components/auth/use-reauth";
import { endAliasAction, extendAliasAction } from "@/app/(app)/(admin)/secrets/actions";
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
import { Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { callerLabel, plural } from "./format";

export type AliasRow = {
  name: string;
  expiresAt: Date;
  reads30d: number;
  lastReadAt: Date | null;
  callers: { caller: string; reads30d: number; lastReadAt: Date }[];
};

/** Old names still answering after a rename: until when, and who still reads through each (move them before it ends). */
export function AliasesTable({ secretId, aliases }: { secretId: string; aliases: AliasRow[] }) {
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="Aliases" data-testid="aliases-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Old name</TableHead>
            <TableHead>Answers until</TableHead>
            <TableHead className="hidden sm:table-cell">Still read by (30 days)</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {aliases.map((a) => (
            <TableRow key={a.name} data-testid={`alias-${a.name}`}>
              <TableCell className="max-w-[12rem] truncate font-mono text-[13px]">{a.name}</TableCell>
              <TableCell>
                <LocalTime date={a.expiresAt} relative />
              </TableCell>
              <TableCell className="hidden text-sm sm:table-cell">
                {a.callers.length ? (
                  <ul>
                    {a.callers.map((c) => (
                      <li key={c.caller}>
                        {callerLabel(c.caller)} <span className="text-muted-foreground">· {plural(c.reads30d, "read")}, last <LocalTime date={c.lastReadAt} relative /></span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-muted-foreground">Nobody</span>
                )}
              </TableCell>
              <TableCell>
                <div className="flex justify-end gap-2">
                  <ExtendAlias secretId={secretId} alias={a.name} />
                  <EndAlias secretId={secretId} alias={a} />
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function useAliasAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const run = (call: () => Promise<{ ok?: boolean; error?: string; message?: string; fieldErrors?: Record<string, string>; reauth?: boolean }>, done: () => void) =>
    startTransition(async () => {
      const r = await call();
      if (r.reauth) return router.push(reauthUrl(`${window.location.pathname}${window.location.search}`));
      if (!r.ok) return setError(Object.values(r.fieldErrors ?? {})[0] ? `${r.error} (${Object.values(r.fieldErrors!)[0]})` : r.error);
      toast.success(r.message ?? "Done");
      done();
      router.refresh();
    });
  return { pending, error, run };
}

function ExtendAlias({ secretId, alias }: { secretId: string; alias: string }) {
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState("7");
  const { pending, error, run } = useAliasAction();
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Extend ${alias}`}>
          Extend
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Keep {alias} answering longer</AlertDialogTitle>
          <AlertDialogDescription>It answers until the given number of days from now (1–90).</AlertDialogDescription>
        </AlertDialogHeader>
        <label className="flex items-center gap-2 text-sm">
          Days from now
          <Input type="number" min={1} max={90} value={days} onChange={(e) => setDays(e.target.value)} className="w-24" />
        </label>
        {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button disabled={pending} onClick={() => run(() => extendAliasAction({ secretId, alias, days: Number(days) }), () => setOpen(false))}>
            {pending ? "Saving…" : "Extend"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function EndAlias({ secretId, alias }: { secretId: string; alias: AliasRow }) {
  const [open, setOpen] = useState(false);
  const { pending, error, run } = useAliasAction();
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`End ${alias.name}`}>
          End now
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>End the alias {alias.name} now?</AlertDialogTitle>
          <AlertDialogDescription>
            Code asking for {alias.name} fails from this moment, and the name is free for another secret.
            {alias.reads30d > 0 ? ` It was read ${plural(alias.reads30d, "time")} through this name in the last 30 days.` : " Nobody read through it in the last 30 days."}
          </AlertDialogDescription>
        </AlertDialogHeader>
        {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" disabled={pending} onClick={() => run(() => endAliasAction({ secretId, alias: alias.name }), () => setOpen(false))}>
            {pending ? "Ending…" : "End alias"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
