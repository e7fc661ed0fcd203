import "server-only";
import crypto from "node:crypto";
import { randomKey } from "../crypto/aead";
import { db, type Tx } from "../db/client";
import type { RootKeyProvider } from "./root-key";
import { ConfigError } from "../config";

/**
 * The KEKs, unwrapped in memory. They are stored in `keks` only wrapped by
 * the root key; `keyring.active_kek_id` names the one that wraps new DEKs.
 * Another instance may rotate at any time, so an unknown KEK id triggers a
 * reload and the active KEK is read inside each write's transaction.
 */
const kekAad = (id: string) => Buffer.from(`kek/v1/${id}`);
const INIT_LOCK = 7270001;

export class Keyring {
  readonly #keys = new Map<string, Buffer>();

  constructor(readonly root: RootKeyProvider) {}

  /** Loads every KEK, creating the first on a fresh database. Throws ConfigError on a wrong root key. */
  async load(): Promise<void> {
    await this.#ensureInitialised();
    const rows = await db().kek.findMany({ select: { id: true, wrappedKey: true, rootKeyId: true } });
    for (const row of rows) {
      try {
        this.#keys.set(row.id, await this.root.unwrap(Buffer.from(row.wrappedKey), kekAad(row.id)));
      } catch {
        throw new ConfigError(
          `The root key (${this.root.id}) does not open this database's keyring (wrapped by ${row.rootKeyId}). ` +
            "Set SECRETS_ROOT_KEY to the key this database was created with; the server will not start without it.",
        );
      }
    }
  }

  async #ensureInitialised() {
    await db().$transaction(async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${INIT_LOCK})`;
      const ring = await tx.keyring.findUnique({ where: { id: 1 } });
      if (ring) return;
      const id = await this.createKek(tx);
      await tx.keyring.create({ data: { id: 1, activeKekId: id } });
    });
  }

  /** Creates a KEK (not yet active) and returns its id. */
  async createKek(tx: Tx): Promise<string> {
    const id = crypto.randomUUID();
    const key = randomKey();
    const wrappedKey = await this.root.wrap(key, kekAad(id));
    await tx.kek.create({ data: { id, wrappedKey: new Uint8Array(wrappedKey), rootKeyId: this.root.id } });
    this.#keys.set(id, key);
    return id;
  }

  async key(id: string): Promise<Buffer> {
    let key = this.#keys.get(id);
    if (!key) {
      await this.load();
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

  static wrapAad = kekAad;
}
