"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { LogOut, UserCheck, UserX } from "lucide-react";
import { toast } from "sonner";
import { disableUserAction, enableUserAction, setRoleAction, signOutUserAction } from "@/app/(app)/users/actions";
import { useActionRunner } from "@/components/auth/use-action-runner";
import { useReauth } from "@/components/auth/use-reauth";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { LocalTime } from "@/components/ui/local-time";
import { NativeSelect } from "@/components/ui/select";
import { TableCell, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import type { UserInfo } from "@/lib/users/users";
import { ResetPasswordDialog, ResetTwoFactorDialog } from "./reset-dialogs";

const ROLES = ["owner", "admin", "member"] as const;

/** A user as the table gets it: dates as ISO strings (the browser shows them in its own zone). */
export type UserRowData = Omit<UserInfo, "createdAt" | "lastSeenAt"> & { createdAt: string; lastSeenAt: string | null };

/** One user: role, enable/disable, sign-out and recovery. Steps that take access away or make an owner are confirmed first. */
export function UserRow({ user, self }: { user: UserRowData; self: boolean }) {
  const [roleState, roleAction, rolePending] = useActionState(setRoleAction, {});
  const [error, setError] = useState<string>();
  const run = useActionRunner();
  useReauth(roleState.reauth);

  const roleForm = useRef<HTMLFormElement>(null);
  const ownerConfirmed = useRef(false);
  const [askOwner, setAskOwner] = useState(false);
  const shownError = error ?? (roleState.reauth ? undefined : roleState.error);

  useEffect(() => {
    if (roleState.ok) toast.success(`Role of ${user.email} saved.`);
    // Only a new answer from the action toasts, not a re-render with the same one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [roleState]);

  const act = async (call: () => ReturnType<typeof disableUserAction>, success: string) => {
    const state = await run(call, success);
    setError(state.reauth ? undefined : state.error);
  };

  return (
    <TableRow className="align-top" data-testid={`user-row-${user.email}`}>
      <TableCell className="max-w-64 min-w-44">
        <Truncate text={user.email} className="font-medium" />
        <p className="truncate text-xs text-muted-foreground">
          {user.name || "No name"}
          {self ? " (you)" : ""}
        </p>
        {shownError ? (
          <p role="alert" className="mt-1 text-xs text-destructive">
            {shownError}
          </p>
        ) : null}
      </TableCell>
      <TableCell className="min-w-48">
        <form
          ref={roleForm}
          action={roleAction}
          onSubmit={(e) => {
            setError(undefined);
            const chosen = new FormData(e.currentTarget).get("role");
            if (chosen === "owner" && user.role !== "owner" && !ownerConfirmed.current) {
              e.preventDefault();
              setAskOwner(true);
            }
            ownerConfirmed.current = false;
          }}
          className="flex gap-2"
        >
          <input type="hidden" name="userId" value={user.id} />
          <NativeSelect key={user.role} name="role" defaultValue={user.role} aria-label={`Role of ${user.email}`} className="w-32 shrink-0">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </NativeSelect>
          <Button variant="outline" type="submit" disabled={rolePending}>
            Save
          </Button>
        </form>
        <AlertDialog open={askOwner} onOpenChange={setAskOwner}>
          <AlertDialogContent>
            <AlertDialogHeader>
              <AlertDialogTitle>Make {user.email} an owner?</AlertDialogTitle>
              <AlertDialogDescription>
                Owners can do everything you can: manage users and roles, change the encryption keys, and remove you as owner.
              </AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel>Cancel</AlertDialogCancel>
              <AlertDialogAction
                onClick={() => {
                  ownerConfirmed.current = true;
                  roleForm.current?.requestSubmit();
                }}
              >
                Make owner
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      </TableCell>
      <TableCell>{user.disabled ? <Badge variant="destructive">disabled</Badge> : <Badge variant="outline">active</Badge>}</TableCell>
      <TableCell className="text-muted-foreground">
        {user.lastSeenAt ? <LocalTime date={user.lastSeenAt} relative /> : "never"}
      </TableCell>
      <TableCell>
        <div className="flex min-w-64 flex-wrap gap-2">
          {user.disabled ? (
            <Button variant="outline" size="sm" onClick={() => act(() => enableUserAction({ userId: user.id }), `${user.email} can sign in again.`)}>
              <UserCheck aria-hidden />
              Enable
            </Button>
          ) : (
            <ConfirmButton
              title={`Disable ${user.email}?`}
              description="They are signed out everywhere at once and cannot sign in until an owner enables the account again. Their audit history stays."
              confirmLabel="Disable"
              onConfirm={() => act(() => disableUserAction({ userId: user.id }), `${user.email} is disabled and signed out.`)}
            >
              <UserX aria-hidden />
              Disable
            </ConfirmButton>
          )}
          <ConfirmButton
            title={`Sign out ${user.email} everywhere?`}
            description="Every session of theirs ends at its next request; they can sign in again with their password."
            confirmLabel="Sign out everywhere"
            onConfirm={() => act(() => signOutUserAction({ userId: user.id }), `${user.email} is signed out everywhere.`)}
          >
            <LogOut aria-hidden />
            Sign out everywhere
          </ConfirmButton>
          {self ? null : (
            <>
              <ResetPasswordDialog user={user} />
              <ResetTwoFactorDialog user={user} />
            </>
          )}
        </div>
      </TableCell>
    </TableRow>
  );
}
