"use client";

import type { ReactNode } from "react";
import { cn } from "./cn";
import { Tooltip, TooltipContent, TooltipTrigger } from "./tooltip";

/**
 * One line of text cut with an ellipsis inside whatever width its parent
 * gives it; the full text shows in a tooltip on hover and on keyboard focus
 * (it is a tab stop). The parent must bound the width (a cell with `max-w-*`,
 * a flex child with `min-w-0`).
 */
export function Truncate({
  text,
  className,
  children,
}: {
  text: string;
  className?: string;
  /** What to show instead of the plain text (a link, say); the tooltip still shows `text`. */
  children?: ReactNode;
}) {
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <span
          tabIndex={0}
          data-slot="truncate"
          className={cn(
            "block max-w-full min-w-0 truncate rounded-sm outline-none focus-visible:ring-2 focus-visible:ring-ring",
            className,
          )}
        >
          {children ?? text}
        </span>
      </TooltipTrigger>
      <TooltipContent>{text}</TooltipContent>
    </Tooltip>
  );
}
