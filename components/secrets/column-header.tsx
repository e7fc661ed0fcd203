"use client";

import type { Column } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { cn } from "@/components/ui/cn";

/** A sortable column's header: a button that cycles ascending/descending, announced through aria-sort on the <th>. */
export function ColumnHeader<T>({ column, title, className }: { column: Column<T>; title: string; className?: string }) {
  const sorted = column.getIsSorted();
  const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ArrowUpDown;
  return (
    <button
      type="button"
      onClick={() => column.toggleSorting(sorted === "asc")}
      className={cn(
        "-mx-2 inline-flex items-center gap-1 rounded-md px-2 py-1 outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-2 focus-visible:ring-ring",
        sorted && "text-foreground",
        className,
      )}
    >
      {title}
      <Icon aria-hidden className={cn("size-3.5", !sorted && "opacity-50")} />
      <span className="sr-only">{sorted === "asc" ? "(sorted ascending)" : sorted === "desc" ? "(sorted descending)" : "(sort)"}</span>
    </button>
  );
}
