import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { ConfigError } from "../config";
import { db } from "../db/client";
import { ConflictError } from "../errors";
import { setKeyring } from "../keys";
import * as secrets from "../secrets/service";
import { openTestKeyring } from "../testing/keyring";
import { Keyring } from "./keyring";
import { LocalRootKey } from "./root-key";
import { keyStatus, retireKek, rotateKek, rotateRootKey } from "./rotation";

const actor: Actor = { id: "cli:test", source: "cli" };
let ring: Keyring;
const made: { name: string; value: string }[] = [];

async function everySecretDecrypts() {
  for (const s of made) expect(await secrets.getSecretValue(actor, s.name)).toEqual({ value: s.value });
}

beforeAll(async () => {
  ring = await openTestKeyring();
  for (let i = 0; i < 40; i++) {
    const s = { name: `ROT_${i}`, value: `rotation value ${i} ${crypto.randomUUID()}` };
    await secrets.createSecret(actor, s);
    made.push(s);
  }
});

describe("KEK rotation", () => {
  it("makes a new KEK active, re-wraps every DEK, and old secrets still decrypt", async () => {
    const [before] = await keyStatus();
    const result = await rotateKek(ring, actor, { batchSize: 7 });
    expect(result).toMatchObject({ resumed: false, rewrapped: 40 });
    const status = await keyStatus();
    expect(status.find((k) => k.id === before!.id)).toMatchObject({ active: false, deks: 0 });
    expect(status.find((k) => k.id === result.kekId)).toMatchObject({ active: true, deks: 40 });
    await everySecretDecrypts();

    await secrets.createSecret(actor, { name: "AFTER_ROTATION", value: "new write" });
    made.push({ name: "AFTER_ROTATION", value: "new write" });
    const v = await db().secretVersion.findFirst({ where: { secret: { name: "AFTER_ROTATION" } } });
    expect(v!.kekId).toBe(result.kekId);
  });

  it("interrupted half-way and re-run: nothing lost, every DEK under the new KEK", async () => {
    const crash = new Error("injected crash after batch 2");
    await expect(
      rotateKek(ring, actor, {
        batchSize: 10,
        afterBatch: (n) => {
          if (n >= 20) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    const mid = await keyStatus();
    const active = mid.find((k) => k.active)!;
    expect(active.deks).toBe(20);
    expect(mid.reduce((n, k) => n + k.deks, 0)).toBe(41);
    // Half-way, every secret still decrypts (from a fresh process's point of view too).
    const fresh = new Keyring(ring.root);
    await fresh.load();
    setKeyring(fresh);
    await everySecretDecrypts();

    const resumed = await rotateKek(fresh, actor, { batchSize: 10 });
    expect(resumed).toMatchObject({ kekId: active.id, resumed: true, rewrapped: 21 });
    const after = await keyStatus();
    expect(after.find((k) => k.active)!.deks).toBe(41);
    expect(after.filter((k) => !k.active).every((k) => k.deks === 0)).toBe(true);
    await everySecretDecrypts();
    ring = fresh;
  });

  it("refuses to retire the active KEK or one still in use, and retires an unused one", async () => {
    const status = await keyStatus();
    const active = status.find((k) => k.active)!;
    await expect(retireKek(ring, actor, active.id)).rejects.toBeInstanceOf(ConflictError);

    // Put one DEK back under an old KEK, as an unfinished rotation would leave it.
    const old = status.find((k) => !k.active)!;
    await rotateKek(ring, actor, { batchSize: 5, afterBatch: () => Promise.reject(new Error("stop")) }).catch(() => {});
    const inUse = (await keyStatus()).find((k) => !k.active && k.deks > 0)!;
    await expect(retireKek(ring, actor, inUse.id)).rejects.toThrow(/still wraps \d+ data keys/);

    await retireKek(ring, actor, old.id);
    expect((await keyStatus()).some((k) => k.id === old.id)).toBe(false);
    await rotateKek(ring, actor);
    await everySecretDecrypts();
  });

  it("the database refuses to drop a KEK in use even if the check is skipped", async () => {
    const inUse = (await keyStatus()).find((k) => k.active)!;
    await expect(db().kek.delete({ where: { id: inUse.id } })).rejects.toThrow();
  });
});

describe("root key", () => {
  it("a wrong root key is refused with a clear message", async () => {
    const wrong = new Keyring(new LocalRootKey(crypto.randomBytes(32)));
    await expect(wrong.load()).rejects.toBeInstanceOf(ConfigError);
    await expect(wrong.load()).rejects.toThrow(/does not open this database's keyring/);
  });

  it("rotate-root re-wraps the keyring: the new key opens it, the old one no longer does", async () => {
    const next = new LocalRootKey(crypto.randomBytes(32));
    const old = ring.root;
    await rotateRootKey(ring, next, actor);
    expect(ring.root).toBe(next);
    await expect(new Keyring(old).load()).rejects.toBeInstanceOf(ConfigError);
    const reopened = new Keyring(next);
    await reopened.load();
    setKeyring(reopened);
    await everySecretDecrypts();
  });

  it("rotate-root that fails before commit changes nothing", async () => {
    const before = await db().kek.findMany({ orderBy: { id: "asc" } });
    await expect(
      rotateRootKey(ring, new LocalRootKey(crypto.randomBytes(32)), actor, async () => {
        throw new Error("crash before commit");
      }),
    ).rejects.toThrow("crash before commit");
    expect(await db().kek.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("a deleted keyring row stops the start instead of minting a new keyring over existing keys", async () => {
    const row = await db().keyring.findUniqueOrThrow({ where: { id: 1 } });
    const keks = await db().kek.count();
    await db().keyring.delete({ where: { id: 1 } });
    try {
      const fresh = new Keyring(ring.root);
      const loading = fresh.load();
      await expect(loading).rejects.toBeInstanceOf(ConfigError);
      await expect(loading).rejects.toThrow(/keyring row was deleted/);
      // Nothing was created: no new KEK, no new keyring row.
      expect(await db().kek.count()).toBe(keks);
      expect(await db().keyring.count()).toBe(0);
    } finally {
      await db().keyring.create({ data: row });
    }
    await everySecretDecrypts();
  });
});
