"use client";

import { Fragment, useEffect, useMemo, useRef, useState } from "react";
import { flexRender, getCoreRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import { KeyRound, SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { SecretListRow, SecretSort } from "@/lib/secrets/list";
import { AddSecretDialog } from "./add-secret-dialog";
import { ChangeValueDialog } from "./change-value-dialog";
import { secretColumns, type SecretColumnMeta } from "./columns";
import { DeleteSecretDialog } from "./delete-secret-dialog";
import { EditSecretDialog } from "./edit-secret-dialog";
import { RevealedValue } from "./revealed-value";
import type { DialogKind, RowHandlers, SecretRef } from "./row-actions";
import { TablePagination } from "./table-pagination";
import { TableToolbar } from "./table-toolbar";
import { useSecretValue } from "./use-secret-value";
import { useUrlState } from "./use-url-state";

export type SecretsTableProps = {
  rows: SecretListRow[];
  total: number;
  page: number;
  pageSize: number;
  sort: SecretSort;
  dir: "asc" | "desc";
  search: string;
  highlight?: string;
  revealSeconds: number;
  /** When the admin's sign-in stops counting as recent (ms since the epoch): Change value asks for it again after that. */
  recentAuthUntil: number;
};

/**
 * The secrets list. The server sorts, searches and pages (TanStack Table in
 * manual mode); this component only turns clicks into URL changes. Values
 * are not part of the rows: a reveal fetches one on demand.
 */
export function SecretsTable(props: SecretsTableProps) {
  const { rows, total, page, pageSize, sort, dir, search, highlight, revealSeconds } = props;
  const url = useUrlState();
  const secret = useSecretValue(revealSeconds);
  const [dialog, setDialog] = useState<{ kind: DialogKind; secret: SecretRef } | null>(null);
  const [adding, setAdding] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  const handlers: RowHandlers = useMemo(
    () => ({
      reveal: secret.reveal,
      copy: secret.copy,
      hide: secret.hide,
      isShown: (id) => secret.value(id) !== undefined,
      open: (kind, s) => setDialog({ kind, secret: s }),
      busy: secret.busy,
    }),
    [secret],
  );
  const columns = useMemo(() => secretColumns(handlers), [handlers]);
  const sorting: SortingState = [{ id: sort, desc: dir === "desc" }];

  // TanStack's table instance is not memoizable by the React Compiler; it re-renders with its own state, which is what we want.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    enableSortingRemoval: false,
    rowCount: total,
    state: { sorting, pagination: { pageIndex: page - 1, pageSize } },
    onSortingChange: (updater) => {
      const next = (typeof updater === "function" ? updater(sorting) : updater)[0];
      if (next) url.set({ sort: next.id, dir: next.desc ? "desc" : "asc", page: null, highlight: null });
    },
  });

  useShortcuts({ search: () => searchRef.current?.focus(), add: () => setAdding(true) });

  useEffect(() => {
    if (highlight) document.querySelector(`[data-highlighted="true"]`)?.scrollIntoView({ block: "center" });
  }, [highlight]);

  const columnCount = table.getVisibleLeafColumns().length;
  const empty = rows.length === 0;

  return (
    <div className="space-y-4">
      <TableToolbar
        searchRef={searchRef}
        search={search}
        onSearch={(q) => url.set({ q, page: null, highlight: null }, { replace: true })}
        pending={url.pending}
        add={<AddSecretDialog open={adding} onOpenChange={setAdding} />}
      />
      {empty && !search && page === 1 ? (
        <EmptyState
          icon={<KeyRound />}
          title="No secrets yet"
          description="Keep API keys and other credentials here; your code asks for them by name at run time."
          action={<Button onClick={() => setAdding(true)}>Add secret</Button>}
        />
      ) : empty ? (
        <EmptyState
          icon={<SearchX />}
          title={search ? `Nothing matches “${search}”` : "Nothing on this page"}
          description="Search looks in names and descriptions."
          action={
            <Button variant="outline" onClick={() => url.set({ q: null, page: null })}>
              Show all secrets
            </Button>
          }
        />
      ) : (
        <div className={cn("rounded-xl border bg-card transition-opacity", url.pending && "opacity-60")} aria-busy={url.pending}>
          <Table aria-label="Secrets" data-testid="secrets-table">
            <TableHeader>
              {table.getHeaderGroups().map((group) => (
                <TableRow key={group.id} className="hover:bg-transparent">
                  {group.headers.map((header) => {
                    const sorted = header.column.getIsSorted();
                    return (
                      <TableHead
                        key={header.id}
                        className={(header.column.columnDef.meta as SecretColumnMeta | undefined)?.className}
                        aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                      </TableHead>
                    );
                  })}
                </TableRow>
              ))}
            </TableHeader>
            <TableBody>
              {table.getRowModel().rows.map((row) => {
                const value = secret.value(row.id);
                const highlighted = row.id === highlight;
                return (
                  <Fragment key={row.id}>
                    <TableRow
                      data-testid={`secret-row-${row.original.name}`}
                      data-highlighted={highlighted ? "true" : undefined}
                      className={cn(highlighted && "bg-primary/5 shadow-[inset_3px_0_0_var(--primary)]", value !== undefined && "border-b-0")}
                    >
                      {row.getVisibleCells().map((cell) => (
                        <TableCell key={cell.id} className={(cell.column.columnDef.meta as SecretColumnMeta | undefined)?.className}>
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </TableCell>
                      ))}
                    </TableRow>
                    {value !== undefined ? (
                      <TableRow className="hover:bg-transparent">
                        <TableCell colSpan={columnCount} className="pt-0">
                          <RevealedValue
                            name={row.original.name}
                            value={value}
                            secondsLeft={secret.left(row.id)}
                            onHide={() => secret.hide(row.id)}
                            onCopy={() => secret.copy(row.id, row.original.name)}
                          />
                        </TableCell>
                      </TableRow>
                    ) : null}
                  </Fragment>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {!empty || page > 1 ? (
        <TablePagination
          page={page}
          pageSize={pageSize}
          total={total}
          onPage={(p) => url.set({ page: p > 1 ? p : null, highlight: null })}
          onPageSize={(size) => url.set({ size, page: null, highlight: null })}
        />
      ) : null}
      {dialog?.kind === "edit" ? <EditSecretDialog secret={dialog.secret} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === "value" ? (
        <ChangeValueDialog secret={dialog.secret} recentAuthUntil={props.recentAuthUntil} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === "delete" ? <DeleteSecretDialog secret={dialog.secret} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}

/** "/" focuses the search box and "n" opens Add secret, unless the admin is typing somewhere or a dialog is open. */
function useShortcuts({ search, add }: { search: () => void; add: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t?.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='dialog'], [role='menu']")) return;
      if (document.querySelector("[role='dialog'], [role='alertdialog']")) return;
      if (e.key === "/") {
        e.preventDefault();
        search();
      } else if (e.key === "n" || e.key === "N") {
        e.preventDefault();
        add();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [search, add]);
}
