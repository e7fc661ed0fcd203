import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Every setting the app reads, parsed once by one schema. Nothing else in
 * the project reads process.env for a setting; the README's configuration
 * table mirrors this file. A bad value stops the process with a message
 * naming the variable.
 */

const text = z.string().trim().min(1).optional();
const flag = z
  .enum(["", "0", "1", "false", "true", "no", "yes"], { error: 'must be 1 or 0 (or "true"/"false")' })
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");
const port = (fallback: number) => z.coerce.number({ error: "must be a port number" }).int("must be a whole number").min(0).max(65535).default(fallback);
const positive = (fallback: number, max = 1_000_000) =>
  z.coerce.number({ error: "must be a number" }).positive("must be greater than 0").max(max, `must be at most ${max}`).default(fallback);
const count = (fallback: number, min: number, max: number) =>
  z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(fallback);
const url = (protocols: RegExp, what: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.test(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be ${what}`)
    .optional();

const schema = z.object({
  DATABASE_URL: url(/^postgres(ql)?:$/, "a postgresql:// URL"),
  DATABASE_OWNER_URL: url(/^postgres(ql)?:$/, "a postgresql:// URL"),
  SECRETS_DATA_DIR: z.string().trim().min(1).default(".data"),
  SECRETS_ROOT_KEY: text,
  SECRETS_ROOT_KEY_FILE: text,
  PORT: port(3000),
  SECRETS_EMBEDDED_PG_PORT: port(54329),
  SECRETS_DB_POOL_MAX: count(10, 1, 500),
  AUTH_SECRET: text,
  SECRETS_PUBLIC_URL: url(/^https?:$/, "an http:// or https:// URL (the address people use to reach the app)"),
  SECRETS_SESSION_HOURS: positive(12, 24 * 365),
  SECRETS_RECENT_AUTH_MINUTES: positive(15, 24 * 60),
  SECRETS_SIGNIN_WINDOW_SECONDS: positive(60, 86_400),
  SECRETS_REVEAL_SECONDS: positive(30, 3600),
  SECRETS_OIDC_ISSUER: url(/^https?:$/, "an http:// or https:// URL"),
  SECRETS_OIDC_CLIENT_ID: text,
  SECRETS_OIDC_CLIENT_SECRET: text,
  SECRETS_OIDC_NAME: z.string().trim().default("single sign-on"),
  SECRETS_OIDC_MEMBER_DOMAINS: z.string().default(""),
  SECRETS_TRUST_PROXY: flag,
  SECRETS_DEBUG: flag,
  SECRETS_TLS_CERT_FILE: text,
  SECRETS_TLS_KEY_FILE: text,
  SECRETS_API_POOL_MAX: count(10, 1, 500),
  SECRETS_API_RATE_PER_TOKEN: count(5000, 1, 10_000_000),
  SECRETS_API_RATE_PER_ADDRESS: count(5000, 1, 10_000_000),
  SECRETS_API_BAD_TOKENS_PER_ADDRESS: count(30, 1, 1_000_000),
  SECRETS_AUDIT_RETENTION_DAYS: count(400, 1, 36_500),
  SECRETS_WEBHOOK_RETRY_BASE_SECONDS: positive(30, 3600),
});

export type Config = {
  /** External PostgreSQL; unset = embedded PostgreSQL in dataDir. */
  databaseUrl: string | undefined;
  /** Connection for migrations (the schema's owner); defaults to databaseUrl. */
  databaseOwnerUrl: string | undefined;
  /** Folder for the embedded database and the generated root key. */
  dataDir: string;
  rootKey: string | undefined;
  rootKeyFile: string | undefined;
  port: number;
  embeddedPgPort: number;
  dbPoolMax: number;
  authSecret: string | undefined;
  publicUrl: string | undefined;
  sessionHours: number;
  recentAuthMinutes: number;
  signInWindowSeconds: number;
  revealSeconds: number;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string; memberDomains: string[] } | null;
  trustProxy: boolean;
  debug: boolean;
  /** PEM certificate chain and private key: serve https (re-read on SIGHUP). Both or neither. */
  tls: { certFile: string; keyFile: string } | null;
  /** Connections of the REST API's own pool (raw pg), apart from the dashboard's. */
  apiPoolMax: number;
  /** REST API requests per second per token, and per client address; failed token checks per address per minute. */
  rateLimits: { perToken: number; perAddress: number; badTokensPerAddress: number };
  /** Audit events older than this are dropped (a month partition at a time). */
  auditRetentionDays: number;
  /** A failed webhook delivery is retried after this, then twice as long each time (up to 4 hours apart), for 24 hours. */
  webhookRetryBaseSeconds: number;
};

/** Parses settings from an environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === "" ? undefined : env[k]]));
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError(`${name} ${issue.message} (got "${String(raw[name]).slice(0, 40)}")`);
  }
  const c = result.data;
  const oidcParts = [c.SECRETS_OIDC_ISSUER, c.SECRETS_OIDC_CLIENT_ID, c.SECRETS_OIDC_CLIENT_SECRET];
  if (Boolean(c.SECRETS_TLS_CERT_FILE) !== Boolean(c.SECRETS_TLS_KEY_FILE)) {
    throw new ConfigError("https needs both SECRETS_TLS_CERT_FILE and SECRETS_TLS_KEY_FILE");
  }
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    throw new ConfigError("single sign-on needs all three of SECRETS_OIDC_ISSUER, SECRETS_OIDC_CLIENT_ID and SECRETS_OIDC_CLIENT_SECRET");
  }
  return {
    databaseUrl: c.DATABASE_URL,
    databaseOwnerUrl: c.DATABASE_OWNER_URL ?? c.DATABASE_URL,
    dataDir: path.resolve(/*turbopackIgnore: true*/ c.SECRETS_DATA_DIR),
    rootKey: c.SECRETS_ROOT_KEY,
    rootKeyFile: c.SECRETS_ROOT_KEY_FILE,
    port: c.PORT,
    embeddedPgPort: c.SECRETS_EMBEDDED_PG_PORT,
    dbPoolMax: c.SECRETS_DB_POOL_MAX,
    authSecret: c.AUTH_SECRET,
    publicUrl: c.SECRETS_PUBLIC_URL?.replace(/\/+$/, ""),
    sessionHours: c.SECRETS_SESSION_HOURS,
    recentAuthMinutes: c.SECRETS_RECENT_AUTH_MINUTES,
    signInWindowSeconds: c.SECRETS_SIGNIN_WINDOW_SECONDS,
    revealSeconds: c.SECRETS_REVEAL_SECONDS,
    oidc: c.SECRETS_OIDC_ISSUER
      ? {
          issuer: c.SECRETS_OIDC_ISSUER,
          clientId: c.SECRETS_OIDC_CLIENT_ID!,
          clientSecret: c.SECRETS_OIDC_CLIENT_SECRET!,
          name: c.SECRETS_OIDC_NAME || "single sign-on",
          memberDomains: c.SECRETS_OIDC_MEMBER_DOMAINS.split(",").map((d) => d.trim().toLowerCase()).filter(Boolean),
        }
      : null,
    trustProxy: c.SECRETS_TRUST_PROXY,
    debug: c.SECRETS_DEBUG,
    tls: c.SECRETS_TLS_CERT_FILE ? { certFile: path.resolve(c.SECRETS_TLS_CERT_FILE), keyFile: path.resolve(c.SECRETS_TLS_KEY_FILE!) } : null,
    apiPoolMax: c.SECRETS_API_POOL_MAX,
    rateLimits: {
      perToken: c.SECRETS_API_RATE_PER_TOKEN,
      perAddress: c.SECRETS_API_RATE_PER_ADDRESS,
      badTokensPerAddress: c.SECRETS_API_BAD_TOKENS_PER_ADDRESS,
    },
    auditRetentionDays: c.SECRETS_AUDIT_RETENTION_DAYS,
    webhookRetryBaseSeconds: c.SECRETS_WEBHOOK_RETRY_BASE_SECONDS,
  };
}

// Shared through globalThis: Next.js bundles its own copy of this module into
// the same process, and both must see what bootstrap() decided.
const CACHE = Symbol.for("secrets-manager.config");
type Cached = { [CACHE]?: Config };

/** This process's settings, parsed on first use. */
export function config(): Config {
  const g = globalThis as Cached;
  return (g[CACHE] ??= loadConfig(process.env));
}

/**
 * Records a setting decided at start-up (the embedded database's address, a
 * derived AUTH_SECRET) so that this process and its Next.js bundle see it.
 */
export function setRuntimeSetting(name: "DATABASE_URL" | "DATABASE_OWNER_URL" | "AUTH_SECRET" | "AUTH_URL" | "SECRETS_ROOT_KEY_FILE", value: string) {
  process.env[name] = value;
  resetConfig();
}

export function resetConfig() {
  delete (globalThis as Cached)[CACHE];
}

/** A setting is missing or wrong: the process must not start. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Creates the data folder. As root, the embedded PostgreSQL runs as the
 * "postgres" user, which must be able to pass through every folder above
 * <dataDir>/pg (but not list them); otherwise the folder is private.
 */
export function ensureDataDir(dir: string) {
  const mode = process.getuid?.() === 0 ? 0o711 : 0o700;
  fs.mkdirSync(dir, { recursive: true, mode });
  fs.chmodSync(dir, mode);
}
