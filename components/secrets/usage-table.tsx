import { LocalTime } from "@/components/ui/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CallerUsage } from "@/lib/secrets/usage";
import { callerLabel } from "./format";

/** Reads per caller and name asked for: who a rename, value change or delete would break. */
export function UsageTable({ callers }: { callers: CallerUsage[] }) {
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="Usage by caller" data-testid="usage-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Caller</TableHead>
            <TableHead className="text-right">7 days</TableHead>
            <TableHead className="text-right">30 days</TableHead>
            <TableHead className="hidden sm:table-cell">Last read</TableHead>
            <TableHead className="hidden md:table-cell">Via name</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {callers.map((c) => (
            <TableRow key={`${c.caller}\u0000${c.viaName}`}>
              <TableCell className="max-w-[14rem] truncate">{callerLabel(c.caller)}</TableCell>
              <TableCell className="text-right tabular-nums">{c.reads7d.toLocaleString("en-US")}</TableCell>
              <TableCell className="text-right tabular-nums">{c.reads30d.toLocaleString("en-US")}</TableCell>
              <TableCell className="hidden sm:table-cell">
                <LocalTime date={c.lastReadAt} relative className="text-muted-foreground" />
              </TableCell>
              <TableCell className="hidden max-w-[12rem] truncate font-mono text-xs md:table-cell">{c.viaName}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
