import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { ConfigError } from "../config";
import { wrapKey } from "../crypto/aead";
import { db } from "../db/client";
import { setKeyring } from "../keys";
import { Keyring } from "../keys/keyring";
import { rotateKek, rotateRootKey } from "../keys/rotation";
import { LocalRootKey } from "../keys/root-key";
import { openTestKeyring } from "../testing/keyring";
import { ownerSql } from "../testing/owner-sql";
import { IntegrityError } from "./integrity";
import * as secrets from "./service";

/**
 * Storage is untrusted: someone who can write the database (here: the owner
 * role, behind the app's back) must not make a name answer with another
 * secret's value or roll a secret back without the read failing.
 */
const admin: Actor = { id: "user:admin@example.test", source: "127.0.0.1" };
const unique = (prefix = "I") => `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
let ring: Keyring;

async function create(value = `v-${crypto.randomBytes(8).toString("hex")}`) {
  const name = unique();
  const id = await secrets.createSecret(admin, { name, value });
  return { id, name, value };
}

async function lastOutcome(action: string, secretId: string) {
  const row = await db().auditEvent.findFirst({ where: { action, secretId }, orderBy: { id: "desc" } });
  return row?.outcome;
}

/** Every way to get the current value refuses, and each attempt is audited as failed. */
async function readsFail(s: { id: string; name: string }) {
  await expect(secrets.getSecretValue(admin, s.name)).rejects.toBeInstanceOf(IntegrityError);
  await expect(secrets.getSecretValue(admin, s.name)).rejects.toThrow(/integrity check/);
  expect(await lastOutcome("secret.read", s.id)).toBe("failed");
}

beforeAll(async () => {
  ring = await openTestKeyring();
  await db().user.create({ data: { id: crypto.randomUUID(), email: "o@example.test", emailKey: "o@example.test", role: "owner" } });
});

describe("names cannot be pointed elsewhere", () => {
  it("a name pointed at another secret fails the read, audited as failed, and no value leaves", async () => {
    const a = await create();
    const b = await create();
    await ownerSql(`update secret_names set secret_id = '${b.id}' where name_key = lower('${a.name}')`);
    await expect(secrets.getSecretValue(admin, a.name)).rejects.toBeInstanceOf(IntegrityError);
    const event = await db().auditEvent.findFirst({ where: { action: "secret.read", secretId: b.id }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ outcome: "failed", detail: { error: "integrity" } });
    // The other secret's own name still works.
    expect(await secrets.getSecretValue(admin, b.name)).toEqual({ value: b.value });
  });

  it("two names swapped fail both reads", async () => {
    const a = await create();
    const b = await create();
    await ownerSql(`
      update secret_names set secret_id = case secret_id when '${a.id}'::uuid then '${b.id}'::uuid else '${a.id}'::uuid end
      where secret_id in ('${a.id}', '${b.id}')`);
    await expect(secrets.getSecretValue(admin, a.name)).rejects.toBeInstanceOf(IntegrityError);
    await expect(secrets.getSecretValue(admin, b.name)).rejects.toBeInstanceOf(IntegrityError);
  });

  it("a MAC copied from the other secret's name row does not help", async () => {
    const a = await create();
    const b = await create();
    await ownerSql(`
      update secret_names n set secret_id = o.secret_id, mac = o.mac
      from secret_names o where n.name_key = lower('${a.name}') and o.name_key = lower('${b.name}')`);
    await expect(secrets.getSecretValue(admin, a.name)).rejects.toBeInstanceOf(IntegrityError);
  });

  it("a name row without a MAC, or turned into an alias, fails", async () => {
    const a = await create();
    await ownerSql(`update secret_names set mac = null where name_key = lower('${a.name}')`);
    await readsFail(a);
    const b = await create();
    await ownerSql(`update secret_names set is_alias = true, expires_at = now() + interval '1 day' where name_key = lower('${b.name}')`);
    await readsFail(b);
  });
});

describe("no rollback to an older version", () => {
  async function withVersions(n: number) {
    const s = await create("v1");
    for (let v = 2; v <= n; v++) await secrets.updateSecret(admin, s.id, { value: `v${v}` });
    return s;
  }

  const swapVersions = (id: string, a: number, b: number) =>
    ownerSql(`
      update secret_versions set version = -1 where secret_id = '${id}' and version = ${a};
      update secret_versions set version = ${a} where secret_id = '${id}' and version = ${b};
      update secret_versions set version = ${b} where secret_id = '${id}' and version = -1;`);

  it("a lowered current_version fails the read, the reveal and a version restore", async () => {
    const s = await withVersions(3);
    await ownerSql(`update secrets set current_version = 2 where id = '${s.id}'`);
    await readsFail(s);
    await expect(secrets.revealSecret(admin, s.id, "reveal")).rejects.toBeInstanceOf(IntegrityError);
    expect(await lastOutcome("secret.reveal", s.id)).toBe("failed");
    await expect(secrets.restoreVersion(admin, s.id, 1)).rejects.toBeInstanceOf(IntegrityError);
    expect(await lastOutcome("secret.version.restore", s.id)).toBe("failed");
    expect((await secrets.listVersions(s.id)).length).toBe(3);
  });

  it("swapped version rows fail the read and a restore of either", async () => {
    const s = await withVersions(3);
    await swapVersions(s.id, 1, 3);
    await readsFail(s);
    await ownerSql(`update secrets set version_mac = null where id = '${s.id}'`);
    await readsFail(s);

    const t = await withVersions(3);
    await swapVersions(t.id, 1, 2);
    expect(await secrets.getSecretValue(admin, t.name)).toEqual({ value: "v3" });
    await expect(secrets.restoreVersion(admin, t.id, 1)).rejects.toBeInstanceOf(IntegrityError);
    await expect(secrets.restoreVersion(admin, t.id, 2)).rejects.toBeInstanceOf(IntegrityError);
  });

  it("a current-version MAC copied from another secret does not help", async () => {
    const a = await withVersions(2);
    const b = await withVersions(2);
    await ownerSql(`
      update secrets s set version_mac = o.version_mac from secrets o where s.id = '${a.id}' and o.id = '${b.id}'`);
    await readsFail(a);
  });

  it("a damaged ciphertext fails as an integrity error, audited as failed", async () => {
    const s = await create();
    await ownerSql(`update secret_versions set ciphertext = ciphertext || '\\x00'::bytea where secret_id = '${s.id}'`);
    await readsFail(s);
    await expect(secrets.revealSecret(admin, s.id, "copy")).rejects.toBeInstanceOf(IntegrityError);
    expect(await lastOutcome("secret.copy", s.id)).toBe("failed");
  });
});

describe("ordinary changes keep every MAC right", () => {
  it("rename, case-only rename, value change, version restore, delete, restore and KEK/root rotation", async () => {
    const s = await create("first");
    const renamed = unique("R");
    await secrets.updateSecret(admin, s.id, { name: renamed, value: "second", description: "d" });
    await secrets.updateSecret(admin, s.id, { name: renamed.toLowerCase() });
    expect(await secrets.getSecretValue(admin, renamed)).toEqual({ value: "second" });
    await secrets.restoreVersion(admin, s.id, 1);
    expect(await secrets.getSecretValue(admin, renamed)).toEqual({ value: "first" });
    await secrets.deleteSecret(admin, s.id);
    await secrets.restoreSecret(admin, s.id, { name: s.name });
    expect(await secrets.revealSecret(admin, s.id, "reveal")).toEqual({ value: "first" });

    await rotateKek(ring, admin, { batchSize: 3 });
    const next = new LocalRootKey(crypto.randomBytes(32));
    await rotateRootKey(ring, next, admin);
    const reopened = new Keyring(next);
    await reopened.load();
    setKeyring(reopened);
    ring = reopened;
    expect(await secrets.getSecretValue(admin, s.name)).toEqual({ value: "first" });
    await secrets.restoreVersion(admin, s.id, 2);
    expect(await secrets.getSecretValue(admin, s.name)).toEqual({ value: "second" });
    expect(await lastOutcome("secret.read", s.id)).toBe("allowed");
  });
});

describe("an install from before the MACs", () => {
  it("is sealed once when its keyring loads, and a keyring stripped of its integrity key afterwards is refused", async () => {
    const s = await create("legacy value");
    const rootKeyBytes = crypto.randomBytes(32);
    await rotateRootKey(ring, new LocalRootKey(rootKeyBytes), admin);
    // Put the database back as the previous release left it: no MACs, no
    // integrity key, KEKs wrapped with the v1 associated data.
    const keks = await db().kek.findMany({ select: { id: true } });
    for (const { id } of keks) {
      const wrapped = wrapKey(rootKeyBytes, await ring.key(id), Buffer.from(`kek/v1/${id}`));
      await ownerSql(`update keks set wrapped_key = '\\x${wrapped.toString("hex")}' where id = '${id}'`);
    }
    await ownerSql(`
      update keyring set mac_key = null;
      update secret_names set mac = null;
      update secrets set version_mac = null;
      update secret_versions set mac = null;`);

    const upgraded = new Keyring(ring.root);
    await upgraded.load();
    setKeyring(upgraded);
    expect(await secrets.getSecretValue(admin, s.name)).toEqual({ value: "legacy value" });
    expect(await db().secretName.count({ where: { mac: null } })).toBe(0);
    expect(await db().secret.count({ where: { versionMac: null } })).toBe(0);
    expect(await db().secretVersion.count({ where: { mac: null } })).toBe(0);

    // Now removing the integrity key (to have the next start re-seal a
    // tampered database) is refused instead.
    await ownerSql(`update keyring set mac_key = null`);
    await expect(new Keyring(ring.root).load()).rejects.toBeInstanceOf(ConfigError);
    await expect(new Keyring(ring.root).load()).rejects.toThrow(/integrity key is missing/);
  });
});


describe("routine admin actions never re-seal a row someone else wrote", () => {
  it("extending a forged alias fails and the name never answers with the other secret's value", async () => {
    const target = await create();
    const attacker = await create("attacker-known-value");
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await ownerSql(
      `update secret_names set is_alias = true, secret_id = '${attacker.id}', expires_at = '${tomorrow}', mac = null where name_key = lower('${target.name}')`,
    );
    await expect(secrets.extendAlias(admin, attacker.id, target.name, 7)).rejects.toBeInstanceOf(IntegrityError);
    await expect(secrets.getSecretValue(admin, target.name)).rejects.toBeInstanceOf(IntegrityError);
  });

  it("restoring from the trash under its old name takes only the name this app recorded when it was deleted", async () => {
    const target = await create();
    const trashed = await create("trashed-value");
    await secrets.deleteSecret(admin, trashed.id);
    // The writer renames the trashed row to the target's name and frees that name.
    await ownerSql(`update secrets set name = '${target.name}', name_key = lower('${target.name}') where id = '${trashed.id}'`);
    await ownerSql(`delete from secret_names where name_key = lower('${target.name}')`);
    await expect(secrets.restoreSecret(admin, trashed.id)).rejects.toThrow(/cannot be verified; restore it under another name/);
    await expect(secrets.getSecretValue(admin, target.name)).rejects.toThrow();
    // Under a name the admin chooses, the restore works.
    const chosen = unique("R");
    await secrets.restoreSecret(admin, trashed.id, { name: chosen });
    expect(await secrets.getSecretValue(admin, chosen)).toEqual({ value: "trashed-value" });
  });

  it("an honest delete and restore under the old name still works", async () => {
    const s = await create();
    await secrets.deleteSecret(admin, s.id);
    await secrets.restoreSecret(admin, s.id);
    expect(await secrets.getSecretValue(admin, s.name)).toEqual({ value: s.value });
  });

  it("a rename keeps as alias only the secret's authenticated name, not what secrets.name says", async () => {
    const target = await create();
    const mover = await create("mover-value");
    // The writer gives the mover the target's display name and removes the target's registry row.
    await ownerSql(`update secrets set name = '${target.name}', name_key = lower('${target.name}') where id = '${mover.id}'`);
    await ownerSql(`delete from secret_names where name_key = lower('${target.name}')`);
    await secrets.updateSecret(admin, mover.id, { name: unique("M") });
    // The alias kept is the mover's real old name; the target's name answers nothing.
    await expect(secrets.getSecretValue(admin, target.name)).rejects.toThrow();
    expect(await secrets.getSecretValue(admin, mover.name)).toEqual({ value: "mover-value" });
  });

  it("renaming back to a forged 'own alias' fails instead of sealing it", async () => {
    const target = await create();
    const mover = await create();
    await ownerSql(`update secret_names set secret_id = '${mover.id}', is_alias = true, expires_at = now() + interval '1 day' where name_key = lower('${target.name}')`);
    await expect(secrets.updateSecret(admin, mover.id, { name: target.name })).rejects.toBeInstanceOf(IntegrityError);
    await expect(secrets.getSecretValue(admin, target.name)).rejects.toBeInstanceOf(IntegrityError);
  });
});
