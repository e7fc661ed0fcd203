import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { KEY_BYTES, unwrapKey, wrapKey } from "../crypto/aead";
import { ConfigError, ensureDataDir, type Config } from "../config";

/**
 * The root key protects the keyring (the KEKs). Callers see only this
 * interface, so an external KMS (AWS KMS, GCP KMS, Vault Transit) can be
 * added as another provider without touching them.
 */
export interface RootKeyProvider {
  /** Names the key without revealing it (provider and fingerprint). */
  readonly id: string;
  wrap(key: Buffer, aad: Buffer): Promise<Buffer>;
  unwrap(wrapped: Buffer, aad: Buffer): Promise<Buffer>;
  /** A stable secret for another purpose (e.g. signing sessions), derived so it never equals the key. */
  deriveKey(label: string): Promise<Buffer>;
}

export class LocalRootKey implements RootKeyProvider {
  readonly id: string;
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new ConfigError("the root key must be 32 bytes");
    this.#key = Buffer.from(key);
    const fingerprint = crypto.createHmac("sha256", this.#key).update("root-key-id").digest("hex").slice(0, 16);
    this.id = `local:${fingerprint}`;
  }

  async wrap(key: Buffer, aad: Buffer) {
    return wrapKey(this.#key, key, aad);
  }

  async unwrap(wrapped: Buffer, aad: Buffer) {
    return unwrapKey(this.#key, wrapped, aad);
  }

  async deriveKey(label: string) {
    return Buffer.from(crypto.hkdfSync("sha256", this.#key, Buffer.alloc(0), `secrets-manager/${label}`, 32));
  }
}

/** Parses base64 of exactly 32 bytes; the message names the setting. */
export function parseRootKey(text: string, setting: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new ConfigError(`${setting} is not base64 (expected base64 of 32 random bytes: openssl rand -base64 32)`);
  }
  const key = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (key.length !== KEY_BYTES) {
    throw new ConfigError(`${setting} decodes to ${key.length} bytes; it must be 32 (openssl rand -base64 32)`);
  }
  return key;
}

export function generateRootKeyText(): string {
  return crypto.randomBytes(KEY_BYTES).toString("base64");
}

export type RootKeySource = { provider: RootKeyProvider; from: "env" | "file" | "generated"; file?: string };

/**
 * Where the root key comes from, in order: SECRETS_ROOT_KEY, the file named
 * by SECRETS_ROOT_KEY_FILE, and, for the embedded database only, a key
 * generated once into <dataDir>/root.key. An external database without a
 * configured key is refused: a key next to nothing it protects is no key.
 */
export function resolveRootKey(opts: {
  config: Pick<Config, "rootKey" | "rootKeyFile" | "dataDir">;
  embedded: boolean;
  warn?: (line: string) => void;
}): RootKeySource {
  const { rootKey, rootKeyFile } = opts.config;
  const dataDir = opts.config.dataDir;
  if (rootKey) {
    return { provider: new LocalRootKey(parseRootKey(rootKey, "SECRETS_ROOT_KEY")), from: "env" };
  }
  if (rootKeyFile) {
    const file = path.resolve(/*turbopackIgnore: true*/ rootKeyFile);
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      throw new ConfigError(`SECRETS_ROOT_KEY_FILE names ${file}, which cannot be read`);
    }
    return { provider: new LocalRootKey(parseRootKey(text, `the root key file ${file}`)), from: "file", file };
  }
  if (!opts.embedded) {
    throw new ConfigError(
      "No root key: DATABASE_URL is set, so SECRETS_ROOT_KEY (base64 of 32 random bytes, e.g. `openssl rand -base64 32`) or SECRETS_ROOT_KEY_FILE must be set too.",
    );
  }
  const file = path.join(/*turbopackIgnore: true*/ dataDir, "root.key");
  if (fs.existsSync(file)) {
    return { provider: new LocalRootKey(parseRootKey(fs.readFileSync(file, "utf8"), `the root key file ${file}`)), from: "file", file };
  }
  ensureDataDir(dataDir);
  fs.writeFileSync(file, generateRootKeyText() + "\n", { mode: 0o600, flag: "wx" });
  opts.warn?.(
    `WARNING: generated a root key in ${file} (mode 0600). It encrypts every secret: back it up apart from the database. In production set SECRETS_ROOT_KEY instead.`,
  );
  return { provider: new LocalRootKey(parseRootKey(fs.readFileSync(file, "utf8"), file)), from: "generated", file };
}
