"use client";

import { useState, useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import { RotateCcw } from "lucide-react";
import { toast } from "sonner";
import { restoreVersionAction } from "@/app/(app)/(admin)/secrets/actions";
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
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { callerLabel } from "./format";

export type VersionRow = { version: number; createdDate: Date; createdBy: string; current: boolean; length: number | null; fingerprint: string | null };

/**
 * Who changed the value and when, with a masked comparison (length in bytes
 * and a short fingerprint: equal values, equal fingerprints). Restoring makes
 * an older value current again as a new version.
 */
export function VersionsTable({ secretId, name, versions }: { secretId: string; name: string; versions: VersionRow[] }) {
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="Versions" data-testid="versions-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Version</TableHead>
            <TableHead>Changed</TableHead>
            <TableHead className="hidden sm:table-cell">By</TableHead>
            <TableHead className="hidden md:table-cell">Length</TableHead>
            <TableHead className="hidden md:table-cell">Fingerprint</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {versions.map((v) => (
            <TableRow key={v.version} data-testid={`version-${v.version}`}>
              <TableCell>
                <span className="flex items-center gap-2 tabular-nums">
                  v{v.version}
                  {v.current ? <Badge variant="secondary">current</Badge> : null}
                </span>
              </TableCell>
              <TableCell>
                <LocalTime date={v.createdDate} relative className="text-muted-foreground" />
              </TableCell>
              <TableCell className="hidden max-w-[14rem] truncate sm:table-cell">{callerLabel(v.createdBy)}</TableCell>
              <TableCell className="hidden tabular-nums md:table-cell">{v.length === null ? "—" : `${v.length.toLocaleString("en-US")} bytes`}</TableCell>
              <TableCell className="hidden font-mono text-xs md:table-cell">{v.fingerprint ?? "—"}</TableCell>
              <TableCell className="text-right">
                {v.current ? null : <RestoreVersion secretId={secretId} name={name} version={v.version} />}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function RestoreVersion({ secretId, name, version }: { secretId: string; name: string; version: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const restore = () =>
    startTransition(async () => {
      const r = await restoreVersionAction({ secretId, version });
      if (r.reauth) return router.push(reauthUrl(pathname));
      if (!r.ok) return setError(r.error);
      toast.success(r.message ?? "Restored");
      setOpen(false);
      router.refresh();
    });
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Restore version ${version}`}>
          <RotateCcw aria-hidden /> Restore
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Restore version {version} of {name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Its value becomes the current one, as a new version; code reading {name} gets it at once. The value it replaces stays in the list.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button onClick={restore} disabled={pending}>
            {pending ? "Restoring…" : `Restore version ${version}`}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
