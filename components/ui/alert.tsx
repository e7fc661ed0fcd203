import type { ComponentProps } from "react";
import { cn } from "./cn";

export type AlertVariant = "default" | "destructive" | "warning";

const variants: Record<AlertVariant, string> = {
  default: "bg-card text-card-foreground",
  destructive: "border-destructive/40 bg-destructive/5 text-destructive [&>svg]:text-destructive",
  warning: "border-warning/50 bg-warning/10 text-foreground [&>svg]:text-warning",
};

/** A message block; put an icon first and it sits in its own column. role="alert" is the caller's choice (only for news). */
export function Alert({ className, variant = "default", ...props }: ComponentProps<"div"> & { variant?: AlertVariant }) {
  return (
    <div
      data-slot="alert"
      className={cn(
        "relative grid w-full grid-cols-[0_1fr] items-start gap-y-0.5 rounded-lg border px-4 py-3 text-sm has-[>svg]:grid-cols-[1rem_1fr] has-[>svg]:gap-x-3 [&>svg]:size-4 [&>svg]:translate-y-0.5",
        variants[variant],
        className,
      )}
      {...props}
    />
  );
}

export function AlertTitle({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="alert-title" className={cn("col-start-2 font-medium", className)} {...props} />;
}

export function AlertDescription({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="alert-description" className={cn("col-start-2 text-sm opacity-90 [&_p]:leading-relaxed", className)} {...props} />;
}
