import "server-only";
import { audit, type Actor } from "../audit";
import { rewrapDek } from "../crypto/envelope";
import { db } from "../db/client";
import { ConflictError, NotFoundError } from "../errors";
import { Keyring } from "./keyring";
import { rootKeyHooks } from "./root-key-hooks";
import type { RootKeyProvider } from "./root-key";

/**
 * KEK rotation: a new KEK becomes active for new writes at once, then every
 * DEK still wrapped by an older KEK is re-wrapped in small transactions.
 * Interrupted anywhere, every DEK is wrapped by one KEK or the other (both
 * stay in the keyring), and a re-run resumes instead of starting over.
 */
export type RotateOptions = {
  batchSize?: number;
  /** Called after each committed batch; tests throw here to simulate a crash. */
  afterBatch?: (rewrapped: number) => void | Promise<void>;
  log?: (line: string) => void;
};

export type RotateResult = { kekId: string; resumed: boolean; rewrapped: number };

export async function rotateKek(ring: Keyring, actor: Actor, opts: RotateOptions = {}): Promise<RotateResult> {
  const pending = await countNotUnderActive();
  let kekId: string;
  let resumed = false;
  if (pending > 0) {
    kekId = (await activeKekId())!;
    resumed = true;
    opts.log?.(`Resuming an unfinished rotation: ${pending} data keys still to re-wrap under KEK ${kekId}`);
  } else {
    kekId = await db().$transaction(async (tx) => {
      const id = await ring.createKek(tx);
      await tx.keyring.update({ where: { id: 1 }, data: { activeKekId: id, updatedAt: new Date() } });
      await audit(tx, actor, { action: "keys.rotate", detail: { kekId: id } });
      return id;
    });
    opts.log?.(`KEK ${kekId} is now active for new secrets; re-wrapping existing data keys`);
  }
  const rewrapped = await rewrapAll(ring, kekId, opts);
  return { kekId, resumed, rewrapped };
}

async function rewrapAll(ring: Keyring, activeId: string, opts: RotateOptions): Promise<number> {
  const batchSize = opts.batchSize ?? 500;
  const activeKey = await ring.key(activeId);
  let total = 0;
  for (;;) {
    const done = await db().$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; secret_id: string; kek_id: string; wrapped_dek: Uint8Array }[]>`
        select id, secret_id, kek_id, wrapped_dek from secret_versions
        where kek_id <> ${activeId}::uuid
        order by id limit ${batchSize} for update skip locked`;
      for (const row of rows) {
        const wrapped = rewrapDek(
          Buffer.from(row.wrapped_dek),
          { secretId: row.secret_id, versionId: row.id },
          await ring.key(row.kek_id),
          activeKey,
        );
        await tx.$executeRaw`
          update secret_versions set wrapped_dek = ${new Uint8Array(wrapped)}, kek_id = ${activeId}::uuid
          where id = ${row.id}::uuid`;
      }
      return rows.length;
    });
    if (done === 0) return total;
    total += done;
    opts.log?.(`re-wrapped ${total} data keys`);
    await opts.afterBatch?.(total);
  }
}

export type KekStatus = { id: string; active: boolean; createdAt: Date; rootKeyId: string; deks: number };

export async function keyStatus(): Promise<KekStatus[]> {
  const rows = await db().$queryRaw<{ id: string; active: boolean; created_at: Date; root_key_id: string; deks: bigint }[]>`
    select k.id, (k.id = r.active_kek_id) as active, k.created_at, k.root_key_id,
           (select count(*) from secret_versions v where v.kek_id = k.id) as deks
    from keks k cross join keyring r
    order by k.created_at`;
  return rows.map((r) => ({ id: r.id, active: r.active, createdAt: r.created_at, rootKeyId: r.root_key_id, deks: Number(r.deks) }));
}

/** Destroys a KEK that wraps nothing. The foreign key refuses it otherwise, even in a race. */
export async function retireKek(ring: Keyring, actor: Actor, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const ringRow = await tx.keyring.findUnique({ where: { id: 1 } });
    if (ringRow?.activeKekId === id) throw new ConflictError(`KEK ${id} is the active key and cannot be retired`);
    const inUse = await tx.secretVersion.count({ where: { kekId: id } });
    if (inUse > 0) throw new ConflictError(`KEK ${id} still wraps ${inUse} data keys; finish the rotation first (secrets keys rotate)`);
    const deleted = await tx.kek.deleteMany({ where: { id } });
    if (deleted.count === 0) throw new NotFoundError(`No KEK with id ${id}`);
    await audit(tx, actor, { action: "keys.retire", detail: { kekId: id } });
  });
  ring.forget(id);
}

/**
 * Re-wraps every KEK and the integrity key under a new root key, and runs the
 * hooks of data encrypted under root-derived keys, all in one transaction.
 * Other processes notice on their own (Keyring reloads a file-held root key).
 */
export async function rotateRootKey(ring: Keyring, next: RootKeyProvider, actor: Actor, beforeCommit?: () => Promise<void>) {
  const from = ring.root;
  await db().$transaction(async (tx) => {
    await ring.rewrapUnder(tx, next);
    for (const [, hook] of rootKeyHooks()) await hook(tx, from, next);
    await audit(tx, actor, { action: "keys.rotate-root", detail: { from: from.id, to: next.id } });
    await beforeCommit?.();
  }, { timeout: 60_000 });
  ring.useRoot(next);
}

async function activeKekId(): Promise<string | undefined> {
  return (await db().keyring.findUnique({ where: { id: 1 } }))?.activeKekId;
}

async function countNotUnderActive(): Promise<number> {
  const rows = await db().$queryRaw<{ n: bigint }[]>`
    select count(*) as n from secret_versions v, keyring r where r.id = 1 and v.kek_id <> r.active_kek_id`;
  return Number(rows[0]?.n ?? 0);
}
