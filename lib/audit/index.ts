import "server-only";
import { db, type Tx } from "../db/client";

/** Who is acting, and from where; every service call takes one. */
export type Actor = {
  /** "user:<email>", "token:<name>", "cli:<os user>"… */
  id: string;
  /** Client address, or "cli". */
  source?: string;
};

export type AuditAction =
  | "secret.create"
  | "secret.read"
  | "secret.reveal"
  | "secret.copy"
  | "secret.update"
  | "secret.delete"
  | "secret.restore"
  | "secret.purge"
  | "secret.version.restore"
  | "secret.alias.extend"
  | "secret.alias.end"
  | "secret.alias.expire"
  | "keys.rotate"
  | "keys.retire"
  | "keys.rotate-root"
  | "auth.setup"
  | "auth.sign-in"
  | "auth.locked"
  | "auth.sign-out"
  | "auth.reauth"
  | "user.create"
  | "user.update"
  | "user.password"
  | "user.role"
  | "user.disable"
  | "user.enable"
  | "user.sign-out-everywhere"
  | "user.2fa"
  | "site.settings"
  | "session.revoke"
  | "token.create"
  | "token.revoke"
  | "webhook.create"
  | "webhook.remove"
  | "webhook.resend"
  | "webhook.settings";

export type AuditOutcome = "allowed" | "denied" | "not_found" | "failed";

export type AuditEntry = {
  action: AuditAction;
  outcome?: AuditOutcome;
  secretId?: string | null;
  secretName?: string | null;
  /** The user acted on, for user and session events. */
  target?: string | null;
  /** Names of changed fields, old names… never a value. */
  detail?: Record<string, string | number | boolean | string[] | null>;
};

/**
 * Writes one audit event inside the caller's transaction: if it cannot be
 * written, the whole operation rolls back (fail closed).
 */
export async function audit(tx: Tx | ReturnType<typeof db>, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actor: actor.id,
      source: actor.source ?? null,
      action: entry.action,
      outcome: entry.outcome ?? "allowed",
      secretId: entry.secretId ?? null,
      secretName: entry.secretName ?? null,
      detail: entry.target ? { ...entry.detail, target: entry.target } : (entry.detail ?? undefined),
    },
  });
}
