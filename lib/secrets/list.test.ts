import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { db } from "../db/client";
import { openTestKeyring } from "../testing/keyring";
import { countLive, listQuerySchema, listSecrets } from "./list";
import * as secrets from "./service";
import { countRead, flushReads, refreshReadStats, usageSummary } from "./usage";

const admin: Actor = { id: "user:admin@example.test", source: "127.0.0.1" };
const tag = crypto.randomBytes(3).toString("hex");
const ids: Record<string, string> = {};

beforeAll(async () => {
  await openTestKeyring();
  // Names and descriptions chosen so every sort gives a different order.
  const rows: [string, string][] = [
    [`L${tag}_charlie`, "Stripe live key"],
    [`L${tag}_alpha`, "zeta: mailer password"],
    [`L${tag}_bravo`, "Billing 100%_done"],
    [`L${tag}_delta`, ""],
  ];
  for (const [name, description] of rows) {
    ids[name.split("_")[1]!] = await secrets.createSecret(admin, { name, value: `value-of-${name}`, description });
  }
  // Reads: bravo by two callers, charlie by one (more recently).
  countRead(ids.bravo!, "token:a", `l${tag}_bravo`, new Date(Date.now() - 60_000));
  countRead(ids.bravo!, "token:b", `l${tag}_bravo`, new Date(Date.now() - 60_000));
  countRead(ids.charlie!, "token:a", `l${tag}_charlie`);
  await flushReads();
});

const names = (rows: { name: string }[]) => rows.map((r) => r.name.split("_")[1]);
const list = (q: Parameters<typeof listSecrets>[0]) => listSecrets({ search: `L${tag}`, ...q });

describe("listSecrets", () => {
  it("sorts by every column, both ways", async () => {
    expect(names((await list({ sort: "name" })).rows)).toEqual(["alpha", "bravo", "charlie", "delta"]);
    expect(names((await list({ sort: "name", dir: "desc" })).rows)).toEqual(["delta", "charlie", "bravo", "alpha"]);
    expect(names((await list({ sort: "description" })).rows)).toEqual(["delta", "bravo", "charlie", "alpha"]);
    expect(names((await list({ sort: "created" })).rows)).toEqual(["charlie", "alpha", "bravo", "delta"]);
    expect(names((await list({ sort: "created", dir: "desc" })).rows)).toEqual(["delta", "bravo", "alpha", "charlie"]);
    await secrets.updateSecret(admin, ids.alpha!, { description: "zeta: mailer password (rotated)" });
    expect(names((await list({ sort: "updated", dir: "desc" })).rows)[0]).toBe("alpha");
    // Never-read secrets come last when sorting by the latest read.
    expect(names((await list({ sort: "lastRead", dir: "desc" })).rows).slice(0, 2)).toEqual(["charlie", "bravo"]);
    expect(names((await list({ sort: "readers", dir: "desc" })).rows).slice(0, 2)).toEqual(["bravo", "charlie"]);
  });

  it("shows last read and distinct readers of the last 30 days from the stats columns", async () => {
    const { rows } = await list({ sort: "name" });
    const by = Object.fromEntries(rows.map((r) => [r.name.split("_")[1], r]));
    expect(by.bravo).toMatchObject({ readers: 2 });
    expect(by.charlie).toMatchObject({ readers: 1 });
    expect(by.charlie!.lastReadAt!.getTime()).toBeGreaterThan(by.bravo!.lastReadAt!.getTime());
    expect(by.alpha).toMatchObject({ readers: 0, lastReadAt: null });
    expect(Object.keys(by.alpha!).sort()).toEqual(["createdDate", "description", "id", "lastReadAt", "name", "readers", "updatedDate"]);
    expect(JSON.stringify(rows)).not.toContain("value-of-");
  });

  it("readers age out of the 30-day window through the housekeeping refresh", async () => {
    await db().$executeRaw`update secret_reads set day = day - 40 where secret_id = ${ids.bravo}::uuid and caller = 'token:b'`;
    await refreshReadStats();
    const { rows } = await list({ search: `L${tag}_bravo` });
    expect(rows[0]).toMatchObject({ readers: 1 });
  });

  it("searches names and descriptions case-insensitively, wildcards taken literally", async () => {
    expect(names((await listSecrets({ search: `l${tag}_CHAR` })).rows)).toEqual(["charlie"]);
    expect(names((await list({ search: "MAILER" })).rows)).toEqual(["alpha"]);
    expect(names((await list({ search: "100%_" })).rows)).toEqual(["bravo"]);
    expect((await list({ search: "100%x" })).total).toBe(0);
    expect((await listSecrets({ search: `${tag}_` })).total).toBe(4);
  });

  it("pages, with the total from the counter, and leaves out trashed secrets", async () => {
    const before = await listSecrets({});
    expect(before.total).toBe(await countLive());
    const counted = await db().$queryRaw<{ n: bigint }[]>`select count(*) as n from secrets where deleted_at is null`;
    expect(before.total).toBe(Number(counted[0]!.n));

    const page2 = await listSecrets({ search: `L${tag}`, pageSize: 25, page: 2 });
    expect(page2.page).toBe(1); // clamped to the last page
    const tmp = await secrets.createSecret(admin, { name: `L${tag}_echo`, value: "x" });
    expect((await listSecrets({})).total).toBe(before.total + 1);
    await secrets.deleteSecret(admin, tmp);
    expect((await listSecrets({})).total).toBe(before.total);
    expect(names((await list({})).rows)).not.toContain("echo");
    await secrets.restoreSecret(admin, tmp);
    expect((await listSecrets({})).total).toBe(before.total + 1);
    await secrets.deleteSecret(admin, tmp);
    await secrets.purgeSecret(admin, tmp);
    expect((await listSecrets({})).total).toBe(before.total);
  });

  it("pages through 60 secrets in order without gaps or repeats", async () => {
    const p = `P${tag}`;
    for (let i = 0; i < 60; i++) await secrets.createSecret(admin, { name: `${p}_${String(i).padStart(2, "0")}`, value: "v" });
    const pages = await Promise.all([1, 2, 3].map((page) => listSecrets({ search: p, pageSize: 25, page, sort: "readers" })));
    expect(pages.map((r) => r.rows.length)).toEqual([25, 25, 10]);
    expect(new Set(pages.flatMap((r) => r.rows.map((x) => x.id))).size).toBe(60);
    expect(pages[0]!.total).toBe(60);
  });
});

describe("listQuerySchema", () => {
  it("parses URL params, falling back to defaults for bad values", () => {
    expect(listQuerySchema.parse({ q: " stripe ", sort: "lastRead", dir: "desc", page: "3", size: "50" })).toEqual({
      search: "stripe",
      sort: "lastRead",
      dir: "desc",
      page: 3,
      pageSize: 50,
    });
    expect(listQuerySchema.parse({ sort: "value", dir: "up", page: "-1", size: "30" })).toEqual({
      search: "",
      sort: "name",
      dir: "asc",
      page: 1,
      pageSize: 25,
    });
    expect(listQuerySchema.parse({ q: ["a", "b"], page: ["2"] })).toMatchObject({ search: "a", page: 2 });
    expect(listQuerySchema.parse(undefined)).toMatchObject({ search: "", page: 1, pageSize: 25 });
  });
});

describe("usageSummary", () => {
  it("gives reads in the last 7 and 30 days per caller and name used, and the last read", async () => {
    const id = await secrets.createSecret(admin, { name: `U${tag}`, value: "v" });
    countRead(id, "token:ci", `u${tag}`);
    countRead(id, "token:ci", `u${tag}`);
    countRead(id, "token:old", `u${tag}`, new Date(Date.now() - 10 * 86_400_000));
    countRead(id, "token:ancient", `u${tag}`, new Date(Date.now() - 40 * 86_400_000));
    await flushReads();
    await secrets.revealSecret(admin, id, "reveal");
    await flushReads();
    const u = await usageSummary(id);
    expect(u.reads7d).toBe(3);
    expect(u.reads30d).toBe(4);
    expect(u.callers.map((c) => [c.caller, c.viaName, c.reads7d, c.reads30d])).toEqual([
      ["token:ci", `u${tag}`, 2, 2],
      ["dashboard", `u${tag}`, 1, 1],
      ["token:old", `u${tag}`, 0, 1],
    ]);
    expect(u.lastReadAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const empty = await usageSummary(await secrets.createSecret(admin, { name: `U${tag}_none`, value: "v" }));
    expect(empty).toEqual({ reads7d: 0, reads30d: 0, lastReadAt: null, callers: [] });
  });
});
