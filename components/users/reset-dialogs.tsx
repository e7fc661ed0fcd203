"use client";

import { useActionState, useState } from "react";
import { resetPasswordAction, resetTwoFactorAction } from "@/app/(app)/users/actions";
import { useReauth } from "@/components/auth/use-reauth";
import { KeyRound, ShieldOff } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field, FormMessage } from "@/components/ui/form";
type UserInfo = { id: string; email: string };

/** Account recovery for someone who lost their password: the owner types a new one and tells them. */
export function ResetPasswordDialog({ user }: { user: UserInfo }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <KeyRound aria-hidden />
          Reset password
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{`Reset the password of ${user.email}`}</DialogTitle>
          <DialogDescription>They are signed out everywhere and sign in with the new password. Give it to them in person or over a channel you trust.</DialogDescription>
        </DialogHeader>
        {/* Mounted only while open: a closed dialog forgets what was typed. */}
        {open ? <ResetPasswordForm user={user} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function ResetPasswordForm({ user }: { user: UserInfo }) {
  const [state, action, pending] = useActionState(resetPasswordAction, {});
  useReauth(state.reauth);
  const err = (n: string) => state.fieldErrors?.[n];
  if (state.ok) return <Done state={state} />;
  return (
    <form action={action} className="grid gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={user.id} />
      <Field name="newPassword" label="New password" type="password" autoComplete="new-password" required error={err("newPassword")} hint="At least 12 characters." />
      <Field name="confirm" label="Confirm new password" type="password" autoComplete="new-password" required error={err("confirm")} />
      <Actions pending={pending} confirm="Reset password" />
    </form>
  );
}

/** For someone who lost their authenticator and recovery codes: they sign in with the password alone, then set it up again. */
export function ResetTwoFactorDialog({ user }: { user: UserInfo }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <ShieldOff aria-hidden />
          Reset two-factor
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{`Remove two-factor sign-in for ${user.email}?`}</DialogTitle>
          <DialogDescription>Their authenticator app and recovery codes stop working, and they are signed out everywhere. They can set it up again from their account.</DialogDescription>
        </DialogHeader>
        {open ? <ResetTwoFactorForm user={user} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function ResetTwoFactorForm({ user }: { user: UserInfo }) {
  const [state, action, pending] = useActionState(resetTwoFactorAction, {});
  useReauth(state.reauth);
  if (state.ok) return <Done state={state} />;
  return (
    <form action={action} className="grid gap-4">
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={user.id} />
      <Actions pending={pending} confirm="Remove two-factor sign-in" />
    </form>
  );
}

function Actions({ pending, confirm }: { pending: boolean; confirm: string }) {
  return (
    <DialogFooter>
      <DialogClose asChild>
        <Button variant="outline" type="button">
          Cancel
        </Button>
      </DialogClose>
      <Button variant="destructive" type="submit" disabled={pending}>
        {pending ? "Working…" : confirm}
      </Button>
    </DialogFooter>
  );
}

function Done({ state }: { state: { message?: string } }) {
  return (
    <div className="grid gap-4">
      <FormMessage state={state} />
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button">Done</Button>
        </DialogClose>
      </DialogFooter>
    </div>
  );
}
