import type { ComponentProps } from "react";
import { cn } from "./cn";
import { fieldControl } from "./input";

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea data-slot="textarea" className={cn(fieldControl, "min-h-20 py-2", className)} {...props} />;
}
