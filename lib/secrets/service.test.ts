import { ownerSql } from "../testing/owner-sql";
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { db } from "../db/client";
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from "../errors";
import { countRows, dumpAllTables } from "../testing/db-dump";
import { openTestKeyring } from "../testing/keyring";
import * as secrets from "./service";
import { flushReads, secretUsage } from "./usage";

const admin: Actor = { id: "user:admin@example.test", source: "127.0.0.1" };
const unique = (prefix = "S") => `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
const createdValues: string[] = [];

async function create(name = unique(), value = `v-${crypto.randomBytes(12).toString("hex")}`, description?: string) {
  createdValues.push(value);
  const id = await secrets.createSecret(admin, { name, value, description });
  return { id, name, value };
}

async function snapshot() {
  const tables = ["secrets", "secret_names", "secret_versions", "audit_events"];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await countRows(t)])));
}

async function expectNothingWritten(fn: () => Promise<unknown>, errorType: new (...args: never[]) => Error) {
  const before = await snapshot();
  await expect(fn()).rejects.toBeInstanceOf(errorType);
  expect(await snapshot()).toEqual(before);
}

beforeAll(async () => {
  await openTestKeyring();
});

describe("the Wix-compatible contract", () => {
  it("createSecret returns the id; getSecretValue returns { value }", async () => {
    const { id, name, value } = await create(undefined, undefined, "Stripe live key");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await secrets.getSecretValue(admin, name)).toEqual({ value });
  });

  it("listSecretInfo returns metadata only, never values", async () => {
    const { id, name, value } = await create(undefined, undefined, "described");
    const { secrets: list } = await secrets.listSecretInfo();
    const info = list.find((s) => s.id === id)!;
    expect(Object.keys(info).sort()).toEqual(["createdDate", "description", "id", "name", "updatedDate"]);
    expect(info).toMatchObject({ name, description: "described" });
    expect(JSON.stringify(list)).not.toContain(value);
  });

  it("updateSecret changes only the fields given", async () => {
    const { id, name, value } = await create(undefined, undefined, "before");
    await secrets.updateSecret(admin, id, { description: "after" });
    expect(await secrets.getSecretValue(admin, name)).toEqual({ value });
    expect((await secrets.getSecretInfo(id)).description).toBe("after");

    const newName = unique("RENAMED");
    await secrets.updateSecret(admin, id, { name: newName }, { aliasDays: null });
    await expect(secrets.getSecretValue(admin, name)).rejects.toBeInstanceOf(NotFoundError);
    expect(await secrets.getSecretValue(admin, newName)).toEqual({ value });
    expect((await secrets.getSecretInfo(id)).description).toBe("after");

    await secrets.updateSecret(admin, id, { value: "new value" });
    createdValues.push("new value");
    expect(await secrets.getSecretValue(admin, newName)).toEqual({ value: "new value" });
    expect(await secrets.getSecretInfo(id)).toMatchObject({ name: newName, description: "after" });
  });

  it("names are looked up regardless of case, and a case-only rename keeps the secret", async () => {
    const { id, name, value } = await create(unique("Mixed"));
    expect(await secrets.getSecretValue(admin, name.toUpperCase())).toEqual({ value });
    await secrets.updateSecret(admin, id, { name: name.toLowerCase() });
    expect((await secrets.getSecretInfo(id)).name).toBe(name.toLowerCase());
  });

  it("deleteSecret moves to the trash; restore brings it back with its value", async () => {
    const { id, name, value } = await create();
    await secrets.deleteSecret(admin, id);
    await expect(secrets.getSecretValue(admin, name)).rejects.toBeInstanceOf(NotFoundError);
    expect((await secrets.listSecretInfo()).secrets.some((s) => s.id === id)).toBe(false);
    expect((await secrets.listTrash()).find((s) => s.id === id)?.purgeAfter.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await secrets.restoreSecret(admin, id);
    expect(await secrets.getSecretValue(admin, name)).toEqual({ value });
  });

  it("a trashed secret's name is free; restoring then needs a new name", async () => {
    const { id, name } = await create();
    await secrets.deleteSecret(admin, id);
    await create(name, "the replacement");
    await expect(secrets.restoreSecret(admin, id)).rejects.toThrow(ConflictError);
    await secrets.restoreSecret(admin, id, { name: `${name}_OLD` });
    expect((await secrets.getSecretInfo(id)).name).toBe(`${name}_OLD`);
  });

  it("purge deletes only from the trash, for good; expired trash is purged", async () => {
    const live = await create();
    await expect(secrets.purgeSecret(admin, live.id)).rejects.toBeInstanceOf(NotFoundError);
    await secrets.deleteSecret(admin, live.id);
    await secrets.purgeSecret(admin, live.id);
    expect(await db().secretVersion.count({ where: { secretId: live.id } })).toBe(0);
    await expect(secrets.restoreSecret(admin, live.id)).rejects.toBeInstanceOf(NotFoundError);

    const old = await create();
    await secrets.deleteSecret(admin, old.id);
    expect(await secrets.purgeExpiredTrash(admin, new Date(Date.now() + 29 * 86_400_000))).toBe(0);
    expect(await secrets.purgeExpiredTrash(admin, new Date(Date.now() + 31 * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect(await db().secret.count({ where: { id: old.id } })).toBe(0);
  });

  it("every value change is a version; an old version can be restored as the newest", async () => {
    const { id, name } = await create(undefined, "v1");
    await secrets.updateSecret(admin, id, { value: "v2" });
    await secrets.updateSecret(admin, id, { value: "v3" });
    expect((await secrets.listVersions(id)).map((v) => [v.version, v.current])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    await secrets.restoreVersion(admin, id, 1);
    expect(await secrets.getSecretValue(admin, name)).toEqual({ value: "v1" });
    expect((await secrets.listVersions(id))[0]).toMatchObject({ version: 4, current: true, createdBy: admin.id });
    await expect(secrets.restoreVersion(admin, id, 99)).rejects.toBeInstanceOf(NotFoundError);
  });

  it(`keeps the last ${secrets.VERSIONS_KEPT} versions`, async () => {
    const { id, name } = await create(undefined, "v1");
    for (let i = 2; i <= secrets.VERSIONS_KEPT + 5; i++) await secrets.updateSecret(admin, id, { value: `v${i}` });
    const versions = await secrets.listVersions(id);
    expect(versions).toHaveLength(secrets.VERSIONS_KEPT);
    expect(versions.at(-1)!.version).toBe(6);
    expect(await secrets.getSecretValue(admin, name)).toEqual({ value: `v${secrets.VERSIONS_KEPT + 5}` });
  });
});

describe("rules at their boundaries: clear errors, nothing written", () => {
  it("accepts 50-character names and every allowed symbol", async () => {
    const long = `L${crypto.randomBytes(30).toString("hex")}`.slice(0, 50);
    await create(long);
    await create(`${unique()}_+=-@#$`);
  });

  it.each([
    ["51 characters", "A".repeat(51)],
    ["a space", "A B"],
    ["NUL", "A\u0000B"],
    ["zero-width space", "A\u200bB"],
    ["RTL override", "A\u202eB"],
    ["../", "../A"],
  ])("refuses a name with %s", async (_label, name) => {
    await expectNothingWritten(() => secrets.createSecret(admin, { name, value: "v" }), ValidationError);
  });

  it("refuses a case-only duplicate as a conflict", async () => {
    const { name } = await create(unique("Case"));
    await expectNothingWritten(() => secrets.createSecret(admin, { name: name.toUpperCase(), value: "v" }), ConflictError);
    await expect(secrets.createSecret(admin, { name: name.toLowerCase(), value: "v" })).rejects.toThrow(/already exists/);
  });

  it("stores exactly 64 KiB and refuses 64 KiB + 1 byte and 10 MB before any write", async () => {
    const max = crypto.randomBytes(49152).toString("base64"); // 65536 characters
    const { name } = await create(undefined, max);
    expect((await secrets.getSecretValue(admin, name)).value).toBe(max);
    await expectNothingWritten(() => secrets.createSecret(admin, { name: unique(), value: max + "x" }), ValidationError);
    await expectNothingWritten(() => secrets.createSecret(admin, { name: unique(), value: "x".repeat(10_000_000) }), ValidationError);
  });

  it("round-trips 1 byte and unicode byte for byte", async () => {
    for (const value of ["x", "ünïcödé 🔐\n\ttabs and \u0000 NUL"]) {
      const { name } = await create(undefined, value);
      expect(Buffer.from((await secrets.getSecretValue(admin, name)).value).equals(Buffer.from(value))).toBe(true);
    }
  });

  it("accepts a 200-character description and refuses 201", async () => {
    await create(undefined, undefined, "d".repeat(200));
    await expectNothingWritten(
      () => secrets.createSecret(admin, { name: unique(), value: "v", description: "d".repeat(201) }),
      ValidationError,
    );
  });

  it("an invalid update changes nothing, not even the fields that were valid", async () => {
    const { id, name, value } = await create(undefined, undefined, "keep");
    await expectNothingWritten(
      () => secrets.updateSecret(admin, id, { name: unique("NEW"), description: "x".repeat(201) }),
      ValidationError,
    );
    expect(await secrets.getSecretInfo(id)).toMatchObject({ name, description: "keep" });
    expect(await secrets.getSecretValue(admin, name)).toEqual({ value });
  });

  it("unknown ids and names are not-found errors", async () => {
    const missing = crypto.randomUUID();
    await expect(secrets.getSecretValue(admin, "NO_SUCH_SECRET")).rejects.toBeInstanceOf(NotFoundError);
    await expect(secrets.updateSecret(admin, missing, { description: "x" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(secrets.deleteSecret(admin, missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(secrets.deleteSecret(admin, "not-a-uuid")).rejects.toBeInstanceOf(ValidationError);
  });

  it("renaming onto a taken name is a conflict and changes nothing", async () => {
    const a = await create();
    const b = await create();
    await expectNothingWritten(() => secrets.updateSecret(admin, b.id, { name: a.name.toLowerCase(), value: "zzz" }), ConflictError);
    expect(await secrets.getSecretValue(admin, b.name)).toEqual({ value: b.value });
  });
});

describe("concurrency", () => {
  it("50 concurrent renames to one name: exactly one wins, the rest conflict, no version lost", async () => {
    const made = await Promise.all(Array.from({ length: 50 }, () => create()));
    const target = unique("TARGET");
    const results = await Promise.allSettled(made.map((s) => secrets.updateSecret(admin, s.id, { name: target, value: `${s.value}-2` })));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) expect(r.reason).toBeInstanceOf(ConflictError);
    const winner = made[results.findIndex((r) => r.status === "fulfilled")]!;
    expect(await secrets.getSecretValue(admin, target)).toEqual({ value: `${winner.value}-2` });
    for (const s of made.filter((m) => m !== winner)) {
      expect(await secrets.getSecretValue(admin, s.name)).toEqual({ value: s.value });
      expect(await secrets.listVersions(s.id)).toHaveLength(1);
    }
  });

  it("50 concurrent creates of one name: exactly one secret", async () => {
    const name = unique("RACE");
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => secrets.createSecret(admin, { name, value: `v${i}` })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof ConflictError)).toHaveLength(49);
    expect(await db().secret.count({ where: { nameKey: name.toLowerCase() } })).toBe(1);
  });
});

describe("audit and usage", () => {
  it("writes an audit event for every mutation and read, never with the value", async () => {
    const { id, name, value } = await create();
    await secrets.getSecretValue({ id: "token:backend-prod", source: "10.0.0.7" }, name);
    await secrets.updateSecret(admin, id, { description: "d", value: "changed value" });
    createdValues.push("changed value");
    await secrets.deleteSecret(admin, id);
    await secrets.restoreSecret(admin, id);
    const events = await db().auditEvent.findMany({ where: { secretId: id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.actor, e.outcome])).toEqual([
      ["secret.create", admin.id, "allowed"],
      ["secret.read", "token:backend-prod", "allowed"],
      ["secret.update", admin.id, "allowed"],
      ["secret.delete", admin.id, "allowed"],
      ["secret.restore", admin.id, "allowed"],
    ]);
    expect(events[1]!.source).toBe("10.0.0.7");
    expect(events[2]!.detail).toEqual({ fields: ["value", "description"] });
    const text = JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(text).not.toContain(value);
    expect(text).not.toContain("changed value");
  });

  it("a reveal or copy is its own audit event and counts as a read by the dashboard", async () => {
    const { id, name, value } = await create();
    expect(await secrets.revealSecret(admin, id, "reveal")).toEqual({ value });
    expect(await secrets.revealSecret(admin, id, "copy")).toEqual({ value });
    await flushReads();
    expect(await secretUsage(id)).toMatchObject([{ caller: "dashboard", viaName: name.toLowerCase(), reads7d: 2 }]);
    const actions = (await db().auditEvent.findMany({ where: { secretId: id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["secret.create", "secret.reveal", "secret.copy"]);
  });

  it("records reads of unknown names as not_found", async () => {
    await expect(secrets.getSecretValue(admin, "GHOST_NAME")).rejects.toBeInstanceOf(NotFoundError);
    expect(await db().auditEvent.count({ where: { secretName: "GHOST_NAME", outcome: "not_found" } })).toBe(1);
  });

  it("fails closed: if the audit event cannot be written, no value is returned and nothing changes", async () => {
    const { id, name } = await create();
    await ownerSql(`
      create or replace function audit_broken() returns trigger language plpgsql as $$
      begin raise exception 'audit log unavailable'; end $$`);
    await ownerSql(`create trigger audit_broken before insert on audit_events for each row execute function audit_broken()`);
    try {
      const read = secrets.getSecretValue(admin, name);
      await expect(read).rejects.toBeInstanceOf(UnavailableError);
      await expect(read).rejects.toThrow("no value was returned");
      await expect(secrets.updateSecret(admin, id, { value: "must not be saved" })).rejects.toBeInstanceOf(UnavailableError);
      await expect(secrets.deleteSecret(admin, id)).rejects.toBeInstanceOf(UnavailableError);
      await expect(secrets.createSecret(admin, { name: unique(), value: "v" })).rejects.toBeInstanceOf(UnavailableError);
      await expect(secrets.revealSecret(admin, id, "reveal")).rejects.toBeInstanceOf(UnavailableError);
    } finally {
      await ownerSql(`drop trigger audit_broken on audit_events`);
    }
    expect(await secrets.listVersions(id)).toHaveLength(1);
    expect((await secrets.getSecretInfo(id)).name).toBe(name);
  });

  it("counts reads per caller and name, flushed in batches", async () => {
    const { id, name } = await create();
    for (let i = 0; i < 7; i++) await secrets.getSecretValue({ id: "token:backend-prod" }, name);
    await secrets.getSecretValue({ id: "token:cron" }, name.toLowerCase());
    await flushReads();
    const usage = await secretUsage(id);
    expect(usage.map((u) => [u.caller, u.reads7d])).toEqual([
      ["token:backend-prod", 7],
      ["token:cron", 1],
    ]);
    expect(Date.now() - usage[0]!.lastReadAt.getTime()).toBeLessThan(60_000);
    await secrets.getSecretValue({ id: "token:backend-prod" }, name);
    await flushReads();
    expect((await secretUsage(id))[0]!.reads7d).toBe(8);
  });
});

describe("nothing in the clear", () => {
  it("a dump of every table contains no value, nor its base64 or hex form", async () => {
    expect(createdValues.length).toBeGreaterThan(50);
    const dump = await dumpAllTables();
    expect(dump).toContain("-- secret_versions");
    const distinctive = createdValues.filter((v) => v.length >= 8);
    for (const value of distinctive) {
      const bytes = Buffer.from(value, "utf8");
      expect(dump.includes(value)).toBe(false);
      expect(dump.includes(bytes.toString("base64"))).toBe(false);
      expect(dump.toLowerCase().includes(bytes.toString("hex"))).toBe(false);
    }
  });
});
