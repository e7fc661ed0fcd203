"use client";

import Link from "next/link";
import { Copy, Eye, EyeOff, History, KeyRound, MoreHorizontal, Pencil, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";

export type SecretRef = { id: string; name: string; description: string };
export type DialogKind = "edit" | "value" | "delete";

export type RowHandlers = {
  reveal: (secretId: string) => void;
  copy: (secretId: string, name: string) => void;
  hide: (secretId: string) => void;
  isShown: (secretId: string) => boolean;
  open: (kind: DialogKind, secret: SecretRef) => void;
  busy: boolean;
};

/** Reveal (the everyday action) as a button of its own, everything else in a keyboard-reachable menu. */
export function RowActions({ row, handlers }: { row: SecretRef; handlers: RowHandlers }) {
  const shown = handlers.isShown(row.id);
  return (
    <div className="flex items-center justify-end gap-1">
      <Tooltip>
        <TooltipTrigger asChild>
          <Button
            variant="ghost"
            size="icon"
            className="size-8"
            aria-label={`Reveal ${row.name}`}
            aria-pressed={shown}
            disabled={handlers.busy}
            onClick={() => (shown ? handlers.hide(row.id) : handlers.reveal(row.id))}
          >
            {shown ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
          </Button>
        </TooltipTrigger>
        <TooltipContent>{shown ? "Hide value" : "Reveal value"}</TooltipContent>
      </Tooltip>
      <DropdownMenu modal={false}>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" className="size-8" aria-label={`Actions for ${row.name}`}>
            <MoreHorizontal aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-44">
          <DropdownMenuItem onSelect={() => handlers.reveal(row.id)}>
            <Eye aria-hidden /> Reveal
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => handlers.copy(row.id, row.name)}>
            <Copy aria-hidden /> Copy value
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => handlers.open("edit", row)}>
            <Pencil aria-hidden /> Edit
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => handlers.open("value", row)}>
            <KeyRound aria-hidden /> Change value
          </DropdownMenuItem>
          <DropdownMenuItem asChild>
            <Link href={`/secrets/${row.id}#versions`}>
              <History aria-hidden /> Versions
            </Link>
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => handlers.open("delete", row)}>
            <Trash2 aria-hidden /> Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
