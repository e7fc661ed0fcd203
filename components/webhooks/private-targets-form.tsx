"use client";

import { useActionState } from "react";
import { setAllowPrivateAction } from "@/app/(app)/(admin)/webhooks/actions";
import { useReauth } from "@/components/auth/use-reauth";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form";

/** The owner's switch for endpoints on loopback and private networks; admins see the state. */
export function PrivateTargetsForm({ allowPrivate, canChange }: { allowPrivate: boolean; canChange: boolean }) {
  const [state, action, pending] = useActionState(setAllowPrivateAction, {});
  useReauth(state.reauth);
  return (
    <form action={action} className="grid gap-4">
      <FormMessage state={state} />
      <label className="flex items-start gap-3 text-sm">
        <input
          type="checkbox"
          name="allowPrivate"
          defaultChecked={allowPrivate}
          key={String(allowPrivate)}
          disabled={!canChange}
          className="mt-0.5 size-4 shrink-0 rounded accent-primary focus-visible:ring-2 focus-visible:ring-ring"
        />
        <span>
          Allow endpoints on private networks
          <span className="mt-1 block text-xs text-muted-foreground">
            Loopback (127.0.0.0/8, ::1) and private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), e.g. a receiver beside this app. Cloud metadata,
            link-local and multicast addresses, and this app itself, stay refused.
          </span>
        </span>
      </label>
      {canChange ? (
        <div>
          <Button variant="outline" type="submit" disabled={pending}>
            Save setting
          </Button>
        </div>
      ) : (
        <p className="text-xs text-muted-foreground">Only the owner can change this.</p>
      )}
    </form>
  );
}
