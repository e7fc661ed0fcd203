import type { ComponentProps, ReactNode } from "react";
import { CircleAlert, CircleCheck } from "lucide-react";
import { Button as UiButton } from "./button";
import { cn } from "./cn";
import { Card as UiCard, CardContent, CardHeader, CardTitle } from "./card";
import { FormField } from "./form-field";
import { Input } from "./input";

/**
 * Form helpers built on the primitives. `Field` is a labelled input with its
 * hint and error; `FormMessage` shows an action's outcome; `Button` and
 * `Card` are the older names (variant "primary"/"danger", a titled card),
 * kept for pages not yet moved to ./button and ./card.
 */
export function Field({
  name,
  label,
  error,
  hint,
  ...input
}: { name: string; label: ReactNode; error?: string; hint?: ReactNode } & ComponentProps<"input">) {
  return (
    <FormField label={label} name={name} id={input.id} error={error} hint={error ? undefined : hint}>
      <Input {...input} />
    </FormField>
  );
}

export function Button({
  variant = "primary",
  ...props
}: { variant?: "primary" | "secondary" | "danger" } & ComponentProps<"button">) {
  const mapped = ({ primary: "default", secondary: "outline", danger: "destructive" } as const)[variant];
  return <UiButton variant={mapped} {...props} />;
}

/** An action's answer next to its form: an error (role=alert) or a confirmation (role=status). */
export function FormMessage({ state }: { state: { error?: string; message?: string } }) {
  if (state.error) {
    return (
      <p role="alert" className={cn(messageClass, "border-destructive/40 bg-destructive/5 text-destructive")}>
        <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        <span>{state.error}</span>
      </p>
    );
  }
  if (state.message) {
    return (
      <p role="status" className={cn(messageClass, "border-success/40 bg-success/5 text-foreground")}>
        <CircleCheck aria-hidden className="mt-0.5 size-4 shrink-0 text-success" />
        <span>{state.message}</span>
      </p>
    );
  }
  return null;
}

const messageClass = "flex items-start gap-2 rounded-lg border px-3 py-2 text-sm";

export function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <UiCard>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </UiCard>
  );
}
