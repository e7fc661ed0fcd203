import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { db } from "../db/client";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import type { Keyring } from "../keys/keyring";
import { openTestKeyring } from "../testing/keyring";
import { ownerSql } from "../testing/owner-sql";
import { IntegrityError, nameIsAuthentic } from "./integrity";
import * as secrets from "./service";
import { flushReads, usageSummary } from "./usage";

/** product.md §1: a rename need not break code; the old name answers as an alias for a while. */
const admin: Actor = { id: "user:admin@example.test", source: "127.0.0.1" };
const backend: Actor = { id: "token:backend-prod", source: "10.0.0.5" };
const unique = (prefix = "A") => `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
const DAY = 86_400_000;
let ring: Keyring;

async function create(value = `v-${crypto.randomBytes(8).toString("hex")}`) {
  const name = unique();
  const id = await secrets.createSecret(admin, { name, value });
  return { id, name, value };
}

async function renamed(opts?: { aliasDays?: number | null }) {
  const s = await create();
  const newName = unique("NEW");
  await secrets.updateSecret(admin, s.id, { name: newName }, opts);
  return { ...s, newName };
}

async function nameRows(secretId: string) {
  return db().secretName.findMany({ where: { secretId }, orderBy: { nameKey: "asc" } });
}

beforeAll(async () => {
  ring = await openTestKeyring();
});

describe("a rename keeps the old name as an alias", () => {
  it("for 7 days by default: the old name still answers, and both rows carry valid MACs", async () => {
    const s = await renamed();
    expect(await secrets.getSecretValue(backend, s.name)).toEqual({ value: s.value });
    expect(await secrets.getSecretValue(backend, s.newName)).toEqual({ value: s.value });
    const rows = await nameRows(s.id);
    expect(rows).toHaveLength(2);
    const alias = rows.find((r) => r.isAlias)!;
    expect(alias.name).toBe(s.name);
    expect(Math.abs(alias.expiresAt!.getTime() - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
    for (const r of rows) {
      expect(nameIsAuthentic(ring.integrityKey, { nameKey: r.nameKey, secretId: r.secretId, isAlias: r.isAlias, expiresAt: r.expiresAt }, r.mac)).toBe(true);
    }
    const event = await db().auditEvent.findFirst({ where: { secretId: s.id, action: "secret.update" } });
    expect(event!.detail).toMatchObject({ fields: ["name"], oldName: s.name, aliasUntil: alias.expiresAt!.toISOString() });
  });

  it("reads through the alias are counted separately, by caller", async () => {
    const s = await renamed({ aliasDays: 30 });
    await secrets.getSecretValue(backend, s.name);
    await secrets.getSecretValue(backend, s.name);
    await secrets.getSecretValue(admin, s.newName);
    await flushReads();
    const usage = await usageSummary(s.id);
    expect(usage.callers.map((c) => [c.caller, c.viaName, c.reads7d])).toEqual([
      [backend.id, s.name.toLowerCase(), 2],
      [admin.id, s.newName.toLowerCase(), 1],
    ]);
    const [alias] = await secrets.listAliases(s.id);
    expect(alias).toMatchObject({ name: s.name, reads30d: 2, callers: [{ caller: backend.id, reads30d: 2 }] });
    expect(alias!.lastReadAt).toBeInstanceOf(Date);
    expect(await secrets.listAllAliases()).toContainEqual({ secretId: s.id, secretName: s.newName, alias: s.name, expiresAt: alias!.expiresAt });
  });

  it("while it lives, no other secret can take the name, in any letter case", async () => {
    const s = await renamed();
    await expect(secrets.createSecret(admin, { name: s.name.toUpperCase(), value: "x" })).rejects.toThrow(ConflictError);
    await expect(secrets.createSecret(admin, { name: s.name, value: "x" })).rejects.toThrow(/still an alias/);
    const other = await create();
    await expect(secrets.updateSecret(admin, other.id, { name: s.name })).rejects.toBeInstanceOf(ConflictError);
  });

  it("with --no-alias (null or 0) the old name fails at once and is free", async () => {
    for (const aliasDays of [null, 0]) {
      const s = await renamed({ aliasDays });
      await expect(secrets.getSecretValue(backend, s.name)).rejects.toBeInstanceOf(NotFoundError);
      expect(await nameRows(s.id)).toHaveLength(1);
      await secrets.createSecret(admin, { name: s.name, value: "taken now" });
    }
  });

  it("refuses alias lengths outside 1–90 days before changing anything", async () => {
    const s = await create();
    for (const aliasDays of [91, -1, 1.5]) {
      await expect(secrets.updateSecret(admin, s.id, { name: unique() }, { aliasDays })).rejects.toBeInstanceOf(ValidationError);
    }
    expect((await secrets.getSecretInfo(s.id)).name).toBe(s.name);
  });

  it("renaming back to its own alias makes it the name again", async () => {
    const s = await renamed();
    await secrets.updateSecret(admin, s.id, { name: s.name });
    const rows = await nameRows(s.id);
    expect(rows.map((r) => [r.name, r.isAlias])).toEqual(
      [[s.name, false], [s.newName, true]].sort((a, b) => String(a[0]).toLowerCase().localeCompare(String(b[0]).toLowerCase())),
    );
    expect(await secrets.getSecretValue(backend, s.newName)).toEqual({ value: s.value });
  });

  it("a case-only rename keeps no alias (it is the same name)", async () => {
    const s = await create();
    await secrets.updateSecret(admin, s.id, { name: s.name.toLowerCase() });
    expect(await nameRows(s.id)).toHaveLength(1);
  });
});

describe("extend and end", () => {
  it("extend sets the expiry to now + days, re-MACed, audited; the alias keeps reading", async () => {
    const s = await renamed({ aliasDays: 1 });
    await secrets.extendAlias(admin, s.id, s.name.toUpperCase(), 60);
    const [alias] = await secrets.listAliases(s.id);
    expect(Math.abs(alias!.expiresAt.getTime() - (Date.now() + 60 * DAY))).toBeLessThan(60_000);
    expect(await secrets.getSecretValue(backend, s.name)).toEqual({ value: s.value });
    const event = await db().auditEvent.findFirst({ where: { secretId: s.id, action: "secret.alias.extend" } });
    expect(event).toMatchObject({ actor: admin.id, outcome: "allowed", detail: { alias: s.name, expiresAt: alias!.expiresAt.toISOString() } });
    await expect(secrets.extendAlias(admin, s.id, s.name, 91)).rejects.toBeInstanceOf(ValidationError);
    await expect(secrets.extendAlias(admin, s.id, s.newName, 5)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("end removes it now: reads through it fail and the name is free; audited", async () => {
    const s = await renamed();
    await secrets.endAlias(admin, s.id, s.name);
    await expect(secrets.getSecretValue(backend, s.name)).rejects.toBeInstanceOf(NotFoundError);
    expect(await secrets.listAliases(s.id)).toEqual([]);
    await secrets.createSecret(admin, { name: s.name, value: "reused" });
    expect(await db().auditEvent.count({ where: { secretId: s.id, action: "secret.alias.end" } })).toBe(1);
    await expect(secrets.endAlias(admin, s.id, s.name)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("an alias made permanent behind the app's back fails its read", async () => {
    const s = await renamed();
    await ownerSql(`update secret_names set expires_at = null where name_key = lower('${s.name}')`);
    await expect(secrets.getSecretValue(backend, s.name)).rejects.toBeInstanceOf(IntegrityError);
  });
});

describe("expiry", () => {
  it("expired aliases stop answering, free their names, and purgeExpiredAliases removes them (audited)", async () => {
    const a = await renamed();
    const b = await renamed();
    await ownerSql(`update secret_names set expires_at = now() - interval '1 minute' where name_key in (lower('${a.name}'), lower('${b.name}'))`);
    await expect(secrets.getSecretValue(backend, a.name)).rejects.toBeInstanceOf(NotFoundError);
    expect(await secrets.listAliases(a.id)).toEqual([]);
    // A claim clears the expired alias it needs…
    await secrets.createSecret(admin, { name: a.name, value: "new owner" });
    // …and the job clears the rest.
    expect(await secrets.purgeExpiredAliases()).toBeGreaterThanOrEqual(1);
    expect(await nameRows(b.id)).toHaveLength(1);
    const event = await db().auditEvent.findFirst({ where: { secretId: b.id, action: "secret.alias.expire" } });
    expect(event).toMatchObject({ actor: "system:housekeeping", detail: { alias: b.name } });
    await secrets.createSecret(admin, { name: b.name, value: "free" });
  });

  it("a deleted secret's aliases go with it", async () => {
    const s = await renamed();
    await secrets.deleteSecret(admin, s.id);
    await expect(secrets.getSecretValue(backend, s.name)).rejects.toBeInstanceOf(NotFoundError);
    expect(await nameRows(s.id)).toEqual([]);
  });
});
