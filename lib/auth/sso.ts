import "server-only";
import { audit } from "../audit";
import { config, type Config } from "../config";
import { db } from "../db/client";
import { createSession, type ClientMeta } from "../users/sessions";
import { twoFactorEnabled } from "../users/two-factor";
import { createUser, hasOwner } from "../users/users";

/**
 * Single sign-on through a generic OpenID Connect provider, configured by
 * environment variables. A verified email that matches an existing account
 * signs in as that account; a new one becomes a member only if its domain is
 * listed in SECRETS_OIDC_MEMBER_DOMAINS ("*" for any).
 */
export type SsoConfig = NonNullable<Config["oidc"]>;

export function ssoConfig(): SsoConfig | null {
  return config().oidc;
}

/** The account an SSO identity signs in as, creating a member when the rule allows; null when refused. */
export async function ssoAccount(profile: { email?: unknown; email_verified?: unknown } | undefined, source: string | null): Promise<string | null> {
  const sso = ssoConfig();
  const email = typeof profile?.email === "string" ? profile.email.trim() : "";
  const actor = { id: `sso:${email.toLowerCase() || "unknown"}`, source: source ?? undefined };
  const refuse = async (reason: string) => {
    await audit(db(), actor, { action: "auth.sign-in", outcome: "denied", target: email || null, detail: { reason, via: "sso" } });
    return null;
  };
  if (!sso || !email) return refuse("no email from the provider");
  if (profile?.email_verified !== true) return refuse("email not verified by the provider");
  const existing = await db().user.findUnique({ where: { emailKey: email.toLowerCase() }, select: { id: true, disabledAt: true } });
  if (existing?.disabledAt) return refuse("disabled");
  // Single sign-on cannot ask for this app's second factor: such accounts sign in with password and code.
  if (existing && (await twoFactorEnabled(existing.id))) return refuse("two-factor sign-in is on for this account");
  if (existing) return existing.id;
  const domain = email.toLowerCase().split("@").pop()!;
  if (!sso.memberDomains.includes("*") && !sso.memberDomains.includes(domain)) return refuse("domain not allowed");
  // Before the owner exists nobody joins: the install belongs to whoever completes /setup with the code.
  if (!(await hasOwner())) return refuse("setup not done");
  return createUser(actor, { email, role: "member" });
}

/** After the signIn callback accepted the identity: open a session for its (now existing) account. */
export async function ssoSession(profile: { email?: unknown } | undefined, meta: ClientMeta): Promise<string> {
  const email = String(profile?.email ?? "").trim().toLowerCase();
  const user = await db().user.findUnique({ where: { emailKey: email }, select: { id: true, disabledAt: true } });
  if (!user || user.disabledAt) throw new Error("single sign-on account vanished");
  // No password was proved here: revealing a value will ask for it.
  const sessionId = await createSession(user.id, meta, { recent: false });
  await audit(db(), { id: `user:${email}`, source: meta.ip ?? undefined }, { action: "auth.sign-in", target: email, detail: { via: "sso" } });
  return sessionId;
}
