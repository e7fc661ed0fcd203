import type { ComponentProps } from "react";
import { ChevronDown } from "lucide-react";
import { cn } from "./cn";
import { fieldControl } from "./input";

/**
 * A styled native <select>: keyboard, phone pickers and forms work as the
 * browser made them. `className` sizes the wrapper (full width when none is
 * given: cn() does not merge conflicting widths).
 */
export function NativeSelect({ className, children, ...props }: ComponentProps<"select">) {
  return (
    <div className={cn("relative", className ?? "w-full")} data-slot="native-select-wrapper">
      <select data-slot="native-select" className={cn(fieldControl, "h-9 appearance-none py-1 pr-8")} {...props}>
        {children}
      </select>
      <ChevronDown aria-hidden className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
    </div>
  );
}
