"use client";

import { useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { toast } from "sonner";
import { createSecretAction } from "@/app/(app)/(admin)/secrets/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/form";
import { DescriptionField, NameField, ValueField } from "./secret-fields";

/** The Add secret button and dialog ("n" opens it too). */
export function AddSecretDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> Add secret
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Add secret</DialogTitle>
          <DialogDescription>The value is encrypted before it is stored. Code reads it by name, through an API token or the CLI.</DialogDescription>
        </DialogHeader>
        {/* Mounted only while open: closing the dialog forgets what was typed, the value included. */}
        {open ? <AddSecretForm onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function AddSecretForm({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [description, setDescription] = useState("");
  const [result, setResult] = useState<{ error?: string; fieldErrors?: Record<string, string> }>({});
  const [pending, startTransition] = useTransition();
  // A server error belongs to what was sent; editing the field clears it.
  const [sent, setSent] = useState({ name: "", value: "", description: "" });
  const fieldError = (field: "name" | "value" | "description", current: string) => (current === sent[field] ? result.fieldErrors?.[field] : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      setSent({ name, value, description });
      const r = await createSecretAction({ name, value, description });
      if (r.ok && r.secretId) {
        toast.success(`Created ${name}`, { description: "It is highlighted in the list." });
        onDone();
        router.push(`/secrets?sort=created&dir=desc&highlight=${r.secretId}`);
        return;
      }
      setResult({ error: r.error, fieldErrors: r.fieldErrors });
    });
  };

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <FormMessage state={{ error: result.error }} />
      <NameField value={name} onChange={setName} serverError={fieldError("name", name)} autoFocus />
      <ValueField value={value} onChange={setValue} serverError={fieldError("value", value)} />
      <DescriptionField value={description} onChange={setDescription} serverError={fieldError("description", description)} />
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline">
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add secret"}
        </Button>
      </DialogFooter>
    </form>
  );
}
