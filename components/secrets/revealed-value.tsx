"use client";

import { Copy, EyeOff } from "lucide-react";
import { Button } from "@/components/ui/button";

/**
 * A revealed value, in full: monospace, its line breaks kept, scrolling
 * inside a bounded box. The countdown says when it hides itself.
 */
export function RevealedValue({
  name,
  value,
  secondsLeft,
  onHide,
  onCopy,
}: {
  name: string;
  value: string;
  secondsLeft: number;
  onHide: () => void;
  onCopy: () => void;
}) {
  return (
    <div className="space-y-2 rounded-lg border border-warning/50 bg-warning/10 p-3" role="region" aria-label={`Value of ${name}`}>
      <pre
        data-testid={`value-${name}`}
        className="max-h-60 overflow-auto rounded-md bg-card p-3 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap text-card-foreground"
        tabIndex={0}
      >
        {value}
      </pre>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted-foreground">
        <span>Hides in {secondsLeft}s</span>
        <div className="flex gap-2">
          <Button type="button" variant="outline" size="sm" onClick={onCopy}>
            <Copy aria-hidden /> Copy
          </Button>
          <Button type="button" variant="outline" size="sm" onClick={onHide}>
            <EyeOff aria-hidden /> Hide
          </Button>
        </div>
      </div>
    </div>
  );
}
