import fs from "node:fs";
import path from "node:path";

/**
 * Every setting the app reads, with its default. The README's configuration
 * table mirrors this file.
 */
export type Config = {
  /** External PostgreSQL; unset = embedded PostgreSQL in dataDir. */
  databaseUrl: string | undefined;
  /** Folder for the embedded database and the generated root key. */
  dataDir: string;
  /** base64 of 32 bytes; unset = generated file in dataDir (embedded only). */
  rootKey: string | undefined;
  port: number;
  /** Port of the embedded PostgreSQL. */
  embeddedPgPort: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.SECRETS_DATA_DIR || ".data"),
    rootKey: env.SECRETS_ROOT_KEY || undefined,
    port: intFrom(env.PORT, 3000, "PORT"),
    embeddedPgPort: intFrom(env.SECRETS_EMBEDDED_PG_PORT, 54329, "SECRETS_EMBEDDED_PG_PORT"),
  };
}

function intFrom(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`${name} must be a port number (0-65535), got "${raw}"`);
  }
  return n;
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
