import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import { DecryptionError, randomKey } from "../crypto/aead";
import { db, type Tx } from "../db/client";
import { sealExistingMetadata } from "../secrets/integrity";
import { LocalRootKey, parseRootKey, resolveRootKey, type RootKeyProvider, type RootKeySource } from "./root-key";
import { config, ConfigError } from "../config";

/**
 * The KEKs and the metadata integrity key, unwrapped in memory. They are
 * stored only wrapped by the root key; `keyring.active_kek_id` names the KEK
 * that wraps new DEKs. Other processes may rotate at any time: an unknown KEK
 * id triggers a reload, the active KEK is read inside each write's
 * transaction, and when the root key was rotated (the stored KEKs no longer
 * open) a root key kept in a file is read again.
 *
 * KEKs sealed since the integrity key exists use the AAD "kek/v2/<id>": a
 * keyring whose KEKs are v2 but whose integrity key is gone was tampered
 * with, and is refused instead of being sealed afresh (docs/keys.md).
 */
const kekAad = (id: string) => Buffer.from(`kek/v2/${id}`);
const legacyKekAad = (id: string) => Buffer.from(`kek/v1/${id}`);
const MAC_KEY_AAD = Buffer.from("metadata-mac/v1");
const INIT_LOCK = 7270001;

type KekRow = { id: string; wrappedKey: Uint8Array; rootKeyId: string };

export type KeyringOptions = {
  /** Where to look for the root key again after another process rotated it. Default: the configuration. */
  reloadRoot?: () => RootKeySource;
};

export class Keyring {
  readonly #keys = new Map<string, Buffer>();
  readonly #legacy = new Set<string>();
  #root: RootKeyProvider;
  #macKey: Buffer | undefined;
  #syncing: Promise<void> | undefined;
  /** Only a keyring that once opened looks for a rotated root key; at start a wrong key is just wrong. */
  #loaded = false;
  readonly #reloadRoot: () => RootKeySource;

  constructor(root: RootKeyProvider, opts: KeyringOptions = {}) {
    this.#root = root;
    this.#reloadRoot = opts.reloadRoot ?? (() => resolveRootKey({ config: config(), embedded: false }));
  }

  /** The root key this process currently uses (see currentRoot() for one checked against the database). */
  get root(): RootKeyProvider {
    return this.#root;
  }

  /** The key that authenticates secret metadata (lib/secrets/integrity.ts). */
  get integrityKey(): Buffer {
    if (!this.#macKey) throw new Error("the keyring is not loaded");
    return this.#macKey;
  }

  /** Loads every KEK, creating the first on a fresh database. Throws ConfigError on a wrong root key. */
  async load(): Promise<void> {
    await this.#ensureInitialised();
    await this.#sync();
    await this.#ensureIntegrityKey();
    this.#loaded = true;
  }

  async #ensureInitialised() {
    await db().$transaction(async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${INIT_LOCK})`;
      const ring = await tx.keyring.findUnique({ where: { id: 1 } });
      if (ring) return;
      // KEKs without a keyring row: the row was deleted, not never made. Starting afresh would mint a
      // new integrity key under which every stored MAC fails; refuse and say what to restore.
      if ((await tx.kek.count()) > 0) {
        throw new ConfigError(
          "The keyring table is empty but KEKs exist: the keyring row was deleted. Restore the keyring table from a backup; the server will not start a new keyring over existing keys.",
        );
      }
      const id = await this.createKek(tx);
      const macKey = randomKey();
      const wrapped = await this.#root.wrap(macKey, MAC_KEY_AAD);
      await tx.keyring.create({ data: { id: 1, activeKekId: id, macKey: new Uint8Array(wrapped) } });
      this.#macKey = macKey;
    });
  }

  /** Unwraps the KEKs not yet in memory (all of them with `verify`), switching root keys if another process rotated it. */
  async #sync(verify = false): Promise<void> {
    // One at a time; a caller that waited re-reads, since it may need a KEK made meanwhile.
    while (this.#syncing) await this.#syncing.catch(() => {});
    this.#syncing = (async () => {
      const rows = await db().kek.findMany({ select: { id: true, wrappedKey: true, rootKeyId: true } });
      for (const row of rows) {
        if (!verify && this.#keys.has(row.id)) continue;
        let opened = await this.#open(row);
        if (!opened && this.#loaded && (await this.#switchRoot(row))) opened = await this.#open(row);
        if (!opened) throw this.#wrongRoot(row);
      }
    })().finally(() => {
      this.#syncing = undefined;
    });
    return this.#syncing;
  }

  async #open(row: KekRow): Promise<boolean> {
    const wrapped = Buffer.from(row.wrappedKey);
    for (const [aad, legacy] of [[kekAad(row.id), false], [legacyKekAad(row.id), true]] as const) {
      try {
        this.#keys.set(row.id, await this.#root.unwrap(wrapped, aad));
        if (legacy) this.#legacy.add(row.id);
        else this.#legacy.delete(row.id);
        return true;
      } catch (err) {
        if (!(err instanceof DecryptionError)) throw err;
      }
    }
    return false;
  }

  /**
   * After `keys rotate-root` in another process the stored KEKs open only with
   * the new key. A key file (SECRETS_ROOT_KEY_FILE or the generated one) is
   * read again, and its `.next` twin, which holds the new key between the
   * rotation's commit and its rename. A key from the environment cannot change
   * under a running process: that is a clear error, not a silent failure.
   */
  async #switchRoot(row: KekRow): Promise<boolean> {
    const source = this.#reloadRoot();
    if (source.from === "env") {
      if (source.provider.id !== this.#root.id) return this.#tryRoot(source.provider, row);
      throw new ConfigError(
        `The keyring was re-wrapped under root key ${row.rootKeyId} (bin/secrets keys rotate-root ran in another process), ` +
          `but this process has ${this.#root.id} from SECRETS_ROOT_KEY and cannot read a new one while running. ` +
          "Set SECRETS_ROOT_KEY to the new key and restart this process.",
      );
    }
    const candidates = [source.provider];
    const next = source.file ? `${source.file}.next` : undefined;
    if (next && fs.existsSync(next)) {
      try {
        candidates.push(new LocalRootKey(parseRootKey(fs.readFileSync(next, "utf8"), next)));
      } catch {
        // A half-written .next file is not the key; the main file may still be.
      }
    }
    for (const candidate of candidates) {
      if (candidate.id !== this.#root.id && (await this.#tryRoot(candidate, row))) return true;
    }
    return false;
  }

  async #tryRoot(candidate: RootKeyProvider, row: KekRow): Promise<boolean> {
    for (const aad of [kekAad(row.id), legacyKekAad(row.id)]) {
      try {
        await candidate.unwrap(Buffer.from(row.wrappedKey), aad);
        this.#root = candidate;
        return true;
      } catch {
        // not this key
      }
    }
    return false;
  }

  #wrongRoot(row: KekRow): ConfigError {
    return new ConfigError(
      `The root key (${this.#root.id}) does not open this database's keyring (wrapped by ${row.rootKeyId}). ` +
        "Set SECRETS_ROOT_KEY to the key this database was created with; the server will not start without it.",
    );
  }

  /**
   * Opens the integrity key, or creates it once on a database from before it
   * existed, sealing every existing row and re-wrapping the KEKs as v2 in the
   * same transaction.
   */
  async #ensureIntegrityKey(): Promise<void> {
    if (this.#macKey) return;
    const ring = await db().keyring.findUnique({ where: { id: 1 }, select: { macKey: true } });
    if (ring?.macKey) {
      this.#macKey = await this.#unwrapMacKey(ring.macKey);
      return;
    }
    this.#refuseIfSealed();
    await db().$transaction(
      async (tx) => {
        await tx.$executeRaw`select pg_advisory_xact_lock(${INIT_LOCK})`;
        const again = await tx.$queryRaw<{ mac_key: Uint8Array | null }[]>`select mac_key from keyring where id = 1 for update`;
        if (again[0]?.mac_key) {
          this.#macKey = await this.#unwrapMacKey(again[0].mac_key);
          return;
        }
        const macKey = randomKey();
        await sealExistingMetadata(tx, macKey);
        await this.rewrapUnder(tx, this.#root, macKey);
        this.#macKey = macKey;
      },
      { timeout: 600_000 },
    );
    this.#legacy.clear();
  }

  async #unwrapMacKey(wrapped: Uint8Array): Promise<Buffer> {
    try {
      return await this.#root.unwrap(Buffer.from(wrapped), MAC_KEY_AAD);
    } catch {
      throw new ConfigError(
        "The keyring's integrity key does not open with the root key that opens its KEKs: the keyring table was altered outside this app. Restore it from a backup.",
      );
    }
  }

  #refuseIfSealed() {
    const sealed = [...this.#keys.keys()].filter((id) => !this.#legacy.has(id));
    if (sealed.length) {
      throw new ConfigError(
        "The keyring's integrity key is missing although its KEKs were sealed after it was created: the keyring table was altered outside this app. Restore it from a backup.",
      );
    }
  }

  /**
   * Re-wraps every KEK and the integrity key under `root`, inside the
   * caller's transaction (keys rotate-root, and the one-time upgrade).
   */
  async rewrapUnder(tx: Tx, root: RootKeyProvider, macKey = this.integrityKey): Promise<void> {
    const keks = await tx.$queryRaw<{ id: string }[]>`select id from keks for update`;
    for (const { id } of keks) {
      const wrapped = await root.wrap(await this.key(id), kekAad(id));
      await tx.kek.update({ where: { id }, data: { wrappedKey: new Uint8Array(wrapped), rootKeyId: root.id } });
    }
    const wrappedMac = await root.wrap(macKey, MAC_KEY_AAD);
    await tx.keyring.update({ where: { id: 1 }, data: { macKey: new Uint8Array(wrappedMac) } });
  }

  /** After a committed rotate-root in this process. */
  useRoot(root: RootKeyProvider) {
    this.#root = root;
  }

  /**
   * The root key, checked against the database: if another process rotated
   * it, switch to the new one (or fail clearly). For data encrypted under keys
   * derived from the root key (TOTP secrets), which no KEK lookup would catch.
   */
  async currentRoot(): Promise<RootKeyProvider> {
    const rows = await db().kek.findMany({ select: { rootKeyId: true } });
    if (rows.some((r) => r.rootKeyId !== this.#root.id)) await this.#sync(true);
    return this.#root;
  }

  /** Creates a KEK (not yet active) and returns its id. */
  async createKek(tx: Tx): Promise<string> {
    const id = crypto.randomUUID();
    const key = randomKey();
    const wrappedKey = await this.#root.wrap(key, kekAad(id));
    await tx.kek.create({ data: { id, wrappedKey: new Uint8Array(wrappedKey), rootKeyId: this.#root.id } });
    this.#keys.set(id, key);
    return id;
  }

  async key(id: string): Promise<Buffer> {
    let key = this.#keys.get(id);
    if (!key) {
      await this.#sync();
      key = this.#keys.get(id);
    }
    if (!key) throw new Error(`KEK ${id} is not in the keyring`);
    return key;
  }

  /** The active KEK, read inside the caller's transaction (locked against rotation). */
  async active(tx: Tx): Promise<{ id: string; key: Buffer }> {
    const rows = await tx.$queryRaw<{ active_kek_id: string }[]>`
      select active_kek_id from keyring where id = 1 for share`;
    const id = rows[0]?.active_kek_id;
    if (!id) throw new Error("the keyring is not initialised");
    return { id, key: await this.key(id) };
  }

  forget(id: string) {
    this.#keys.get(id)?.fill(0);
    this.#keys.delete(id);
  }
}
