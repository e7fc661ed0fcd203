import "server-only";
import { AppError, ValidationError } from "../errors";

/** What every server action returns: small, typed, safe to show. */
export type ActionState = {
  ok?: boolean;
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
  /** What the user typed in non-secret fields, so a refused form keeps it (React resets forms after an action). */
  values?: Record<string, string>;
};

/** Maps any error to a safe state; unexpected ones are logged by name only (never values). */
export function toActionState(err: unknown): ActionState {
  if (err instanceof ValidationError) {
    return { error: "Check the highlighted field.", fieldErrors: { [err.field]: err.message.replace(/^[^:]+: /, "") } };
  }
  if (err instanceof AppError) return { error: err.message };
  if (isNextControlFlow(err)) throw err;
  console.error(`server action failed: ${err instanceof Error ? err.name : "unknown error"}`);
  return { error: "Something went wrong. Try again." };
}

/** redirect(), notFound(), forbidden() work by throwing; they must pass through. */
function isNextControlFlow(err: unknown): boolean {
  const digest = (err as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_") || digest === "DYNAMIC_SERVER_USAGE");
}

export const field = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};
