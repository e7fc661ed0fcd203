"use client";

import { useState, type ReactNode } from "react";
import { Eye, EyeOff } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { DESCRIPTION_MAX, NAME_MAX, secretDescription, secretName, VALUE_MAX_BYTES } from "@/lib/secrets/schemas";

/**
 * The fields of a secret, with the service's own rules checked as the admin
 * types (lib/secrets/schemas.ts: same messages). A server error for a field
 * shows until that field changes.
 */
const firstIssue = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? undefined : r.error?.issues[0]?.message);

export const nameProblem = (name: string) => (name === "" ? undefined : firstIssue(secretName.safeParse(name)));
export const descriptionProblem = (text: string) => firstIssue(secretDescription.safeParse(text));
export const valueBytes = (value: string) => new TextEncoder().encode(value).length;

function Counter({ n, max, unit = "" }: { n: number; max: number; unit?: string }) {
  return (
    <span className={cn("ml-auto tabular-nums", n > max ? "text-destructive" : "text-muted-foreground")}>
      {n.toLocaleString("en-US")}/{max.toLocaleString("en-US")}
      {unit}
    </span>
  );
}

function Hint({ children, counter }: { children: ReactNode; counter: ReactNode }) {
  return (
    <span className="flex gap-3">
      <span>{children}</span>
      {counter}
    </span>
  );
}

export function NameField({ value, onChange, serverError, autoFocus }: { value: string; onChange: (v: string) => void; serverError?: string; autoFocus?: boolean }) {
  const error = serverError ?? nameProblem(value);
  return (
    <FormField
      label="Name"
      name="name"
      error={error}
      hint={<Hint counter={<Counter n={value.length} max={NAME_MAX} />}>Letters, digits and _ + = - @ # $, no spaces.</Hint>}
    >
      <Input value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" spellCheck={false} autoFocus={autoFocus} className="font-mono" />
    </FormField>
  );
}

export function DescriptionField({ value, onChange, serverError }: { value: string; onChange: (v: string) => void; serverError?: string }) {
  return (
    <FormField
      label={
        <>
          Description <span className="font-normal text-muted-foreground">(optional)</span>
        </>
      }
      name="description"
      error={serverError ?? descriptionProblem(value)}
      hint={<Hint counter={<Counter n={value.length} max={DESCRIPTION_MAX} />}>What it is for, and who to ask about it.</Hint>}
    >
      <Input value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" />
    </FormField>
  );
}

/** Multi-line and masked until "Show"; never spell-checked or autocompleted. */
export function ValueField({ value, onChange, serverError, label = "Value" }: { value: string; onChange: (v: string) => void; serverError?: string; label?: string }) {
  const [visible, setVisible] = useState(false);
  const bytes = valueBytes(value);
  return (
    <div className="relative">
      <FormField
        label={label}
        name="value"
        error={serverError}
        hint={<Hint counter={<Counter n={bytes} max={VALUE_MAX_BYTES} unit=" bytes" />}>Multi-line values (PEM keys, JSON) are kept exactly.</Hint>}
      >
        <Textarea
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          rows={4}
          data-masked={visible ? undefined : "true"}
          className={cn("max-h-64 resize-y font-mono text-xs", !visible && "[-webkit-text-security:disc]")}
        />
      </FormField>
      <Button
        type="button"
        variant="ghost"
        size="sm"
        className="absolute -top-1.5 right-0 h-7 px-2"
        aria-pressed={visible}
        onClick={() => setVisible((v) => !v)}
      >
        {visible ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
        {visible ? "Mask value" : "Show value"}
      </Button>
    </div>
  );
}
