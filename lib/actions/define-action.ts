import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import type { Actor } from "../audit";
import { actorFor, clientMeta, currentUser, hasRole, isRecentlyAuthenticated } from "../auth/dal";
import type { Role } from "../users/schemas";
import type { SessionUser } from "../users/sessions";
import { toActionState, type ActionState } from "./result";

/**
 * The one way to build a server action. Every call runs the same steps in
 * the same order, so an action cannot forget one:
 *
 *   1. input: the arguments are parsed by the action's zod schema before
 *      anything else (malformed → `{ error, fieldErrors }`, no database call);
 *   2. the signed-in user, from the database (lib/auth/dal.ts);
 *   3. the role;
 *   4. the owner's policy (admins must use two-factor sign-in);
 *   5. a recent sign-in when asked for (→ `{ reauth: true }`);
 *   6. the action itself, whose errors are mapped in one place (result.ts);
 *   7. revalidation of the given paths.
 *
 * The action can be called with one plain object (`action({ id })`), with a
 * FormData (`<form action={action}>`), or as a `useActionState` action
 * `(previousState, formData)`; any other shape is refused. Ids travel as form
 * fields and are re-loaded and authorized by the service, never trusted.
 */
export type Access = Role | "anyone";

export type ActionOptions<S extends z.ZodType, A extends Access> = {
  /** The least role allowed; "anyone" only for actions a signed-out visitor must reach (sign-in, sign-out). */
  role: A;
  /** Needs a password (and second factor) proved within the last few minutes: reveals and every step that grants access. */
  recentAuth: A extends Role ? boolean : false;
  input: S;
  /** Paths whose pages show what the action changes. */
  revalidate?: string | readonly string[];
  /** Non-secret fields echoed back on failure, so a refused form keeps what was typed. */
  keep?: readonly string[];
};

export type ActionContext<A extends Access> = {
  user: A extends Role ? SessionUser : SessionUser | null;
  actor: Actor;
};

/** What the action returns: its own result, or a refusal. */
export type ActionResult<R> = ActionState & Partial<R>;

export type ServerAction<S extends z.ZodType, R> = (
  inputOrState: z.input<S> | ActionResult<R> | FormData,
  form?: FormData,
) => Promise<ActionResult<R>>;

const MALFORMED: ActionState = { error: "This request is not valid. Reload the page and try again." };
const KEPT_MAX = 500;

export function defineAction<S extends z.ZodType, A extends Access, R extends object = ActionState>(
  options: ActionOptions<S, A>,
  fn: (input: z.output<S>, ctx: ActionContext<A>) => Promise<R | void>,
): ServerAction<S, R> {
  const paths = typeof options.revalidate === "string" ? [options.revalidate] : (options.revalidate ?? []);
  const action = async (...args: unknown[]): Promise<ActionState> => {
    let kept: Pick<ActionState, "values"> = {};
    try {
      const raw = argumentsToInput(args);
      if (raw === undefined) return MALFORMED;
      kept = keptValues(raw, options.keep);
      const parsed = options.input.safeParse(raw);
      if (!parsed.success) return { error: "Check the highlighted field.", fieldErrors: fieldErrors(parsed.error), ...kept };
      const user = await currentUser();
      const refusal = refuse(options, user);
      if (refusal) return { ...refusal, ...kept };
      const actor = user ? await actorFor(user) : { id: "anonymous", source: (await clientMeta()).ip ?? undefined };
      const result = await fn(parsed.data, { user, actor } as ActionContext<A>);
      for (const path of paths) revalidatePath(path);
      return result ?? { ok: true };
    } catch (err) {
      return { ...toActionState(err), ...kept };
    }
  };
  return action as ServerAction<S, R>;
}

function refuse(options: { role: Access; recentAuth: boolean }, user: SessionUser | null): ActionState | null {
  if (options.role === "anyone") return null;
  if (!user) return { error: "Sign in again to continue." };
  if (!hasRole(user, options.role)) return { error: "Not allowed" };
  if (options.role !== "member" && user.twoFactorRequired) return { error: "Turn on two-factor sign-in first (in your account)" };
  if (options.recentAuth && !isRecentlyAuthenticated(user)) return { reauth: true, error: "Confirm it is you: enter your password again." };
  return null;
}

/** `(input)`, `(formData)`, `(previousState, formData)` or `()`; anything else is not a call our UI makes. */
function argumentsToInput(args: unknown[]): Record<string, unknown> | undefined {
  if (args.length === 0) return {};
  const last = args[args.length - 1];
  if (last instanceof FormData) return args.length <= 2 ? formToObject(last) : undefined;
  if (args.length === 1 && isPlainObject(last)) return last;
  return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** One value per name as a string (repeated names become arrays); React's own `$ACTION_…` fields are not input. */
function formToObject(form: FormData): Record<string, unknown> {
  // No prototype, and names that could reach one are not input: a field named "__proto__" must not replace it.
  const out: Record<string, unknown> = Object.create(null);
  for (const name of new Set(form.keys())) {
    if (name.startsWith("$ACTION") || name === "__proto__" || name === "constructor" || name === "prototype") continue;
    const values = form.getAll(name);
    out[name] = values.length === 1 ? values[0] : values;
  }
  return out;
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.code === "unrecognized_keys" ? String(issue.keys[0] ?? "input") : String(issue.path[0] ?? "input");
    out[key.slice(0, 60)] ??= issue.code === "unrecognized_keys" ? "is not a known field" : issue.message;
  }
  return out;
}

function keptValues(raw: Record<string, unknown>, keep: readonly string[] = []): Pick<ActionState, "values"> {
  const values: Record<string, string> = {};
  for (const name of keep) {
    const v = raw[name];
    if (typeof v === "string") values[name] = v.slice(0, KEPT_MAX);
  }
  return Object.keys(values).length ? { values } : {};
}
