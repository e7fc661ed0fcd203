"use client";

import { useRouter } from "next/navigation";
import { reauthUrl } from "@/components/auth/use-reauth";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Shown in a dialog whose action needs a recent sign-in, before anything is typed: says why, and goes to /reauth and back to `back`. */
export function ConfirmFirst({ why, back }: { why: string; back: string }) {
  const router = useRouter();
  return (
    <Alert variant="warning">
      <AlertTitle>Confirm it is you first</AlertTitle>
      <AlertDescription className="space-y-2">
        <p>{why} Enter your password, then come back here.</p>
        <Button size="sm" onClick={() => router.push(reauthUrl(back))}>
          Confirm it is you
        </Button>
      </AlertDescription>
    </Alert>
  );
}
