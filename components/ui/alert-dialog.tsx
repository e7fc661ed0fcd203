"use client";

import type { ComponentProps } from "react";
import { AlertDialog as A } from "radix-ui";
import { buttonVariants, type ButtonVariant } from "./button";
import { cn } from "./cn";
import { contentClass, overlayClass } from "./dialog";

/** A confirmation for a consequential step: it cannot be dismissed by clicking outside, Cancel has the focus first. */
export const AlertDialog = A.Root;
export const AlertDialogTrigger = A.Trigger;

export function AlertDialogContent({ className, ...props }: ComponentProps<typeof A.Content>) {
  return (
    <A.Portal>
      <A.Overlay className={overlayClass} />
      <A.Content data-slot="alert-dialog-content" className={cn(contentClass, "max-w-md", className)} {...props} />
    </A.Portal>
  );
}

export function AlertDialogHeader({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("flex flex-col gap-2 text-left", className)} {...props} />;
}

export function AlertDialogFooter({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)} {...props} />;
}

export function AlertDialogTitle({ className, ...props }: ComponentProps<typeof A.Title>) {
  return <A.Title className={cn("text-lg font-semibold", className)} {...props} />;
}

export function AlertDialogDescription({ className, ...props }: ComponentProps<typeof A.Description>) {
  return <A.Description className={cn("text-sm text-muted-foreground", className)} {...props} />;
}

export function AlertDialogAction({ className, variant = "default", ...props }: ComponentProps<typeof A.Action> & { variant?: ButtonVariant }) {
  return <A.Action className={cn(buttonVariants({ variant }), className)} {...props} />;
}

export function AlertDialogCancel({ className, ...props }: ComponentProps<typeof A.Cancel>) {
  return <A.Cancel className={cn(buttonVariants({ variant: "outline" }), className)} {...props} />;
}
