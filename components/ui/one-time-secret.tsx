"use client";

import { useState } from "react";
import { Check, Copy } from "lucide-react";
import { toast } from "sonner";
import { Button } from "./button";

/**
 * A credential shown once (a new API token, a webhook signing secret): the
 * text, selectable, and a Copy button that says whether the browser let it
 * reach the clipboard.
 */
export function OneTimeSecret({ value, label, testId, what, copiedHint }: { value: string; label: string; testId: string; what: string; copiedHint: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success(`${what[0]!.toUpperCase()}${what.slice(1)} copied`, { description: copiedHint });
    } catch {
      toast.error(`The browser did not allow writing to the clipboard. Select the ${what} and copy it.`);
    }
  };
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
      <code
        data-testid={testId}
        aria-label={label}
        className="block min-w-0 flex-1 rounded-md border bg-muted px-3 py-2 font-mono text-xs leading-relaxed break-all select-all"
      >
        {value}
      </code>
      <Button type="button" variant="outline" onClick={copy} className="sm:mt-0.5">
        {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
