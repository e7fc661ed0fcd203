"use client";

import type { ComponentProps } from "react";
import { Tooltip as T } from "radix-ui";
import { cn } from "./cn";

export function TooltipProvider({ delayDuration = 200, ...props }: ComponentProps<typeof T.Provider>) {
  return <T.Provider delayDuration={delayDuration} {...props} />;
}

export const Tooltip = T.Root;
export const TooltipTrigger = T.Trigger;

export function TooltipContent({ className, sideOffset = 4, children, ...props }: ComponentProps<typeof T.Content>) {
  return (
    <T.Portal>
      <T.Content
        data-slot="tooltip-content"
        sideOffset={sideOffset}
        className={cn(
          "z-50 max-w-[min(28rem,calc(100vw-1rem))] rounded-md bg-foreground px-3 py-1.5 text-xs break-words whitespace-pre-wrap text-background shadow-md",
          className,
        )}
        {...props}
      >
        {children}
        <T.Arrow className="fill-foreground" />
      </T.Content>
    </T.Portal>
  );
}
