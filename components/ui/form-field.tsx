import { cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { cn } from "./cn";
import { Label } from "./label";

type ControlProps = {
  id?: string;
  name?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
};

/**
 * A label, one control, a hint and an error, tied together: the control gets
 * `id`/`name` (unless it has its own), `aria-invalid` when there is an
 * error, and `aria-describedby` pointing at the hint and the error, so a
 * screen reader reads them with the field.
 */
export function FormField({
  label,
  name,
  id,
  error,
  hint,
  className,
  children,
}: {
  label: ReactNode;
  name: string;
  id?: string;
  error?: string;
  hint?: ReactNode;
  className?: string;
  children: ReactElement<ControlProps>;
}) {
  const controlId = id ?? children.props.id ?? name;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const describedBy = [children.props["aria-describedby"], hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  const control = isValidElement(children)
    ? cloneElement(children, {
        id: controlId,
        name: children.props.name ?? name,
        "aria-invalid": error ? true : children.props["aria-invalid"],
        "aria-describedby": describedBy || undefined,
      })
    : children;
  return (
    <div data-slot="form-field" className={cn("grid gap-2", className)}>
      <Label htmlFor={controlId}>{label}</Label>
      {control}
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
