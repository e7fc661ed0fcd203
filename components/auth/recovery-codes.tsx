"use client";

import { Copy, Download } from "lucide-react";
import { toast } from "sonner";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const FILE_NAME = "secrets-manager-recovery-codes.txt";

/** The recovery codes, shown once: copy them or save them as a text file before leaving the page. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      toast.success("Recovery codes copied.");
    } catch {
      toast.error("The browser did not allow copying. Download them or write them down.");
    }
  };
  const download = () => {
    const text = `Secrets Manager recovery codes (${window.location.host})\nEach code works once.\n\n${codes.join("\n")}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = FILE_NAME;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="grid gap-4">
      <Alert variant="warning">
        <AlertTitle>Save these recovery codes now</AlertTitle>
        <AlertDescription>Each works once if you lose your authenticator app. They will not be shown again.</AlertDescription>
      </Alert>
      <ul className="grid grid-cols-1 gap-2 font-mono text-sm min-[420px]:grid-cols-2" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c} className="rounded-md bg-muted px-3 py-1.5 text-center tracking-wide">
            {c}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" onClick={copy}>
          <Copy aria-hidden />
          Copy codes
        </Button>
        <Button variant="outline" onClick={download}>
          <Download aria-hidden />
          Download .txt
        </Button>
      </div>
    </div>
  );
}
