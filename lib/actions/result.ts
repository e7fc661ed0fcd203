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
  /** The step needs a recent sign-in: send the user to /reauth and back. */
  reauth?: boolean;
};

export const GENERIC_ERROR = "Something went wrong. Try again.";

/**
 * The one place errors become answers: typed AppErrors keep their (safe)
 * message, a ValidationError lands on its field, anything else is logged by
 * its name only (never its message: it may quote the input) and answered
 * generically. Next's redirect()/notFound()/forbidden() pass through.
 */
export function toActionState(err: unknown): ActionState {
  if (err instanceof ValidationError) {
    return { error: "Check the highlighted field.", fieldErrors: { [err.field]: err.message.replace(/^[^:]+: /, "") } };
  }
  if (err instanceof AppError) return { error: err.message };
  if (isNextControlFlow(err)) throw err;
  console.error(`server action failed: ${errorName(err)}`);
  return { error: GENERIC_ERROR };
}

/** redirect(), notFound(), forbidden() work by throwing; they must pass through. */
export function isNextControlFlow(err: unknown): boolean {
  const digest = (err as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_") || digest === "DYNAMIC_SERVER_USAGE");
}

function errorName(err: unknown): string {
  const name = err instanceof Error ? err.name : "unknown error";
  return /^[A-Za-z0-9_.$-]{1,60}$/.test(name) ? name : "unnamed error";
}

export const field = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};
