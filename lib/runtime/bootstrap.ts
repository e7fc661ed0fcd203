import "server-only";
import { config as currentConfig, loadConfig, setRuntimeSetting, type Config } from "../config";
import { disconnectDb } from "../db/client";
import { stopListening } from "../db/notify";
import { closePool } from "../db/pool";
import { startEmbeddedPostgres, type EmbeddedDb } from "../db/embedded";
import { migrate } from "../db/migrate";
import { recordAuditRetention, restrictAppRole } from "../db/roles";
import { setKeyring } from "../keys";
import { Keyring } from "../keys/keyring";
import fs from "node:fs";
import { LocalRootKey, parseRootKey, resolveRootKey, type RootKeySource } from "../keys/root-key";
import { flushReads } from "../secrets/usage";
import { prepareWorkerSchema } from "../webhooks/worker-schema";
import "./derived-keys";
// Webhook signing secrets are encrypted under a key derived from the root key: rotate-root re-encrypts them.
import "../webhooks/signing";

/**
 * Brings a process (server, CLI, test) to the point where the service layer
 * works: a database (the configured one, or the embedded one), migrations
 * applied, and a keyring opened with the root key. Any problem stops it here
 * with a message that says what to fix.
 */
export type Runtime = {
  config: Config;
  embedded?: EmbeddedDb;
  rootKey: RootKeySource;
  keyring: Keyring;
  databaseUrl: string;
  migrationsApplied: string[];
  shutdown(): Promise<void>;
};

export async function bootstrap(opts: {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  warn?: (line: string) => void;
  /** Apply pending migrations (the default). */
  migrate?: boolean;
} = {}): Promise<Runtime> {
  const config = opts.env ? loadConfig(opts.env) : currentConfig();
  const embeddedMode = !config.databaseUrl;
  const rootKey = resolveRootKey({ config, embedded: embeddedMode, warn: opts.warn });
  // Code bundled by Next.js opens its own keyring from the same settings.
  if (rootKey.file && !config.rootKey) setRuntimeSetting("SECRETS_ROOT_KEY_FILE", rootKey.file);

  // Behind a proxy, Auth.js builds sign-in and SSO callback URLs from the public address.
  if (config.publicUrl) setRuntimeSetting("AUTH_URL", `${config.publicUrl}/api/auth`);

  let embedded: EmbeddedDb | undefined;
  let databaseUrl = config.databaseUrl;
  let ownerUrl = config.databaseOwnerUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log: opts.log });
    databaseUrl = embedded.url;
    ownerUrl = embedded.ownerUrl;
    setRuntimeSetting("DATABASE_URL", databaseUrl);
    setRuntimeSetting("DATABASE_OWNER_URL", ownerUrl);
  }
  const shutdownDb = async () => {
    await stopListening();
    await closePool();
    await disconnectDb().catch(() => {});
    await embedded?.stop();
  };
  try {
    const migrationsApplied = opts.migrate === false ? [] : (await migrate(ownerUrl ?? databaseUrl)).applied;
    if (migrationsApplied.length) opts.log?.(`Applied migrations: ${migrationsApplied.join(", ")}`);
    // The webhook queue's schema (graphile-worker's own migrations, DDL: the owner's connection), after ours.
    if (opts.migrate !== false) await prepareWorkerSchema({ url: databaseUrl, ownerUrl: ownerUrl ?? databaseUrl }, opts.log);
    // Tables a migration just made get the app's row privileges by default; the audit log then loses update/delete.
    if (ownerUrl && ownerUrl !== databaseUrl) await restrictAppRole({ url: databaseUrl, ownerUrl });
    if (opts.migrate !== false) await recordAuditRetention(ownerUrl ?? databaseUrl, config.auditRetentionDays);
    const keyring = await openKeyring(rootKey);
    setKeyring(keyring);
    // Auth.js signs session cookies with AUTH_SECRET; unless given, derive it
    // from the root key so every instance agrees without another setting.
    if (!config.authSecret) {
      setRuntimeSetting("AUTH_SECRET", (await rootKey.provider.deriveKey("auth-secret/v1")).toString("base64url"));
    }
    return {
      config,
      embedded,
      rootKey,
      keyring,
      databaseUrl,
      migrationsApplied,
      async shutdown() {
        await flushReads().catch(() => {});
        await shutdownDb();
      },
    };
  } catch (err) {
    await shutdownDb();
    throw err;
  }
}

/**
 * Opens the keyring. A root key kept in a file is replaced by writing
 * <file>.next before the database commit and renaming it after; if a crash
 * fell between the two, the .next key is the one that opens the keyring.
 */
async function openKeyring(rootKey: RootKeySource): Promise<Keyring> {
  const next = rootKey.file ? `${rootKey.file}.next` : undefined;
  const keyring = new Keyring(rootKey.provider);
  try {
    await keyring.load();
    if (next) fs.rmSync(next, { force: true });
    return keyring;
  } catch (err) {
    if (!next || !fs.existsSync(next)) throw err;
    const candidate = new Keyring(new LocalRootKey(parseRootKey(fs.readFileSync(next, "utf8"), next)));
    await candidate.load().catch(() => {
      throw err;
    });
    fs.renameSync(next, rootKey.file!);
    rootKey.provider = candidate.root;
    return candidate;
  }
}
