"use client";

import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { LocalTime } from "@/components/ui/local-time";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { Truncate } from "@/components/ui/truncate";
import type { SecretListRow } from "@/lib/secrets/list";
import { ColumnHeader } from "./column-header";
import { RowActions, type RowHandlers } from "./row-actions";

/** Column id → the list's sort key (lib/secrets/list.ts). Classes hide the less important columns on narrow screens. */
export type SecretColumnMeta = { className?: string };

export function secretColumns(handlers: RowHandlers): ColumnDef<SecretListRow>[] {
  return [
    {
      id: "name",
      accessorKey: "name",
      header: ({ column }) => <ColumnHeader column={column} title="Name" />,
      cell: ({ row }) => (
        <div className="max-w-[12rem] min-w-0 sm:max-w-[15rem]">
          <Tooltip>
            <TooltipTrigger asChild>
              <Link
                href={`/secrets/${row.original.id}`}
                className="block truncate rounded-sm font-mono text-[13px] font-medium outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
              >
                {row.original.name}
              </Link>
            </TooltipTrigger>
            <TooltipContent>{row.original.name}</TooltipContent>
          </Tooltip>
          {row.original.description ? (
            <Truncate text={row.original.description} className="mt-0.5 text-xs text-muted-foreground md:hidden" />
          ) : null}
        </div>
      ),
    },
    {
      id: "description",
      accessorKey: "description",
      header: ({ column }) => <ColumnHeader column={column} title="Description" />,
      cell: ({ row }) =>
        row.original.description ? (
          <div className="max-w-[12rem] min-w-0 xl:max-w-[18rem]">
            <Truncate text={row.original.description} className="text-muted-foreground" />
          </div>
        ) : (
          <span className="text-muted-foreground/60">—</span>
        ),
      meta: { className: "hidden md:table-cell" } satisfies SecretColumnMeta,
    },
    {
      id: "updated",
      accessorKey: "updatedDate",
      header: ({ column }) => <ColumnHeader column={column} title="Last updated" />,
      cell: ({ row }) => <LocalTime date={row.original.updatedDate} relative className="text-muted-foreground" />,
      meta: { className: "hidden sm:table-cell" } satisfies SecretColumnMeta,
    },
    {
      id: "created",
      accessorKey: "createdDate",
      header: ({ column }) => <ColumnHeader column={column} title="Created" />,
      cell: ({ row }) => <LocalTime date={row.original.createdDate} relative className="text-muted-foreground" />,
      meta: { className: "hidden 2xl:table-cell" } satisfies SecretColumnMeta,
    },
    {
      id: "lastRead",
      accessorKey: "lastReadAt",
      header: ({ column }) => <ColumnHeader column={column} title="Last read" />,
      cell: ({ row }) =>
        row.original.lastReadAt ? (
          <LocalTime date={row.original.lastReadAt} relative className="text-muted-foreground" />
        ) : (
          <span className="text-muted-foreground/70">Never</span>
        ),
      meta: { className: "hidden lg:table-cell" } satisfies SecretColumnMeta,
    },
    {
      id: "readers",
      accessorKey: "readers",
      header: ({ column }) => <ColumnHeader column={column} title="Readers" />,
      cell: ({ row }) => <span className="tabular-nums">{row.original.readers.toLocaleString("en-US")}</span>,
      meta: { className: "hidden lg:table-cell text-right" } satisfies SecretColumnMeta,
    },
    {
      id: "actions",
      enableSorting: false,
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => <RowActions row={row.original} handlers={handlers} />,
      meta: { className: "w-px text-right" } satisfies SecretColumnMeta,
    },
  ];
}
