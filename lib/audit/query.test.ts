import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { openTestKeyring } from "../testing/keyring";
import { ownerSql } from "../testing/owner-sql";
import { enforceAuditRetention } from "./retention";
import * as secrets from "../secrets/service";
import { AUDIT_ACTIONS, auditQuerySchema, encodeAuditCursor, listAuditEvents, MAX_OFFSET, parseAuditCursor } from "./query";

const tag = crypto.randomBytes(3).toString("hex");
const alice = { id: `user:alice-${tag}@example.test`, source: "10.0.0.1" };
const bob = { id: `token:bob-${tag}`, source: "10.0.0.2" };
let a: string;
let b: string;
const VALUE = `audit-value-${tag}`;

beforeAll(async () => {
  await openTestKeyring();
  a = await secrets.createSecret(alice, { name: `AQ_${tag}_a`, value: VALUE });
  b = await secrets.createSecret(bob, { name: `AQ_${tag}_b`, value: VALUE });
  await secrets.getSecretValue(bob, `AQ_${tag}_a`);
  await secrets.revealSecret(alice, a, "reveal");
  await secrets.updateSecret(alice, b, { value: `${VALUE}-2`, description: "rotated" });
  await secrets.getSecretValue(bob, `AQ_${tag}_missing`).catch(() => {});
});

const actions = (rows: { action: string }[]) => rows.map((r) => r.action);

describe("listAuditEvents", () => {
  it("filters by secret, newest first, with its name and never a value", async () => {
    const { rows, hasMore } = await listAuditEvents({ secretId: a });
    expect(actions(rows)).toEqual(["secret.reveal", "secret.read", "secret.create"]);
    expect(rows[0]).toMatchObject({ actor: alice.id, source: "10.0.0.1", outcome: "allowed", secretId: a, secretName: `AQ_${tag}_a` });
    expect(typeof rows[0]!.id).toBe("string");
    expect(hasMore).toBe(false);
    const all = await listAuditEvents({ actor: tag, pageSize: 100 });
    expect(JSON.stringify(all.rows)).not.toContain(VALUE);
  });

  it("filters by actor (exact with a kind prefix, substring otherwise), action, outcome and time", async () => {
    expect(actions((await listAuditEvents({ actor: bob.id })).rows)).toEqual(["secret.read", "secret.read", "secret.create"]);
    expect((await listAuditEvents({ actor: `bob-${tag}` })).rows).toHaveLength(3);
    expect((await listAuditEvents({ actor: `BOB-${tag}` })).rows).toHaveLength(3);
    expect((await listAuditEvents({ actor: `user:bob-${tag}` })).rows).toHaveLength(0);
    expect((await listAuditEvents({ actor: tag, action: "secret.update" })).rows.map((r) => r.secretId)).toEqual([b]);
    expect((await listAuditEvents({ actor: tag, outcome: "not_found" })).rows.map((r) => r.secretName)).toEqual([`AQ_${tag}_missing`]);
    const future = new Date(Date.now() + 60_000);
    expect((await listAuditEvents({ actor: tag, from: future })).rows).toEqual([]);
    expect((await listAuditEvents({ actor: tag, to: future })).rows).toHaveLength(6);
    expect((await listAuditEvents({ actor: tag, to: new Date(Date.now() - 3_600_000) })).rows).toEqual([]);
  });

  it("pages on the server and says whether there is more", async () => {
    const p1 = await listAuditEvents({ actor: tag, pageSize: 25 });
    expect(p1).toMatchObject({ page: 1, pageSize: 25, hasMore: false });
    for (let i = 0; i < 26; i++) await secrets.updateSecret(alice, a, { description: `d${i}` });
    const first = await listAuditEvents({ actor: alice.id, pageSize: 25 });
    const second = await listAuditEvents({ actor: alice.id, pageSize: 25, page: 2 });
    expect(first.hasMore).toBe(true);
    expect(second.hasMore).toBe(false);
    expect(second.rows).toHaveLength(29 - 25);
    const ids = [...first.rows, ...second.rows].map((r) => BigInt(r.id));
    expect(ids).toEqual([...ids].sort((x, y) => (x > y ? -1 : 1)));
  });

  it("pages by cursor: next and previous, with the same rows as offsets, whatever arrives meanwhile", async () => {
    for (let i = 0; i < 60; i++) await secrets.updateSecret(bob, b, { description: `k${i}` });
    const q = { actor: bob.id, action: "secret.update", pageSize: 25 } as const;
    const byOffset = [1, 2, 3].map((page) => listAuditEvents({ ...q, page }));
    const [o1, o2, o3] = await Promise.all(byOffset);
    const p1 = await listAuditEvents(q);
    expect(p1).toMatchObject({ page: 1, hasMore: true, prev: undefined });
    const p2 = await listAuditEvents({ ...q, page: 2, older: parseAuditCursor(p1.next) });
    const p3 = await listAuditEvents({ ...q, page: 3, older: parseAuditCursor(p2.next) });
    expect([p1, p2, p3].map((p) => p.rows.map((r) => r.id))).toEqual([o1!, o2!, o3!].map((p) => p.rows.map((r) => r.id)));
    expect(p3).toMatchObject({ page: 3, hasMore: false, next: undefined });
    expect(p3.rows).toHaveLength(60 - 50);
    // New events do not shift a cursor's page (an offset's would).
    await secrets.updateSecret(bob, b, { description: "newest" });
    const back = await listAuditEvents({ ...q, page: 2, newer: parseAuditCursor(p3.prev) });
    expect(back).toMatchObject({ page: 2, hasMore: true, next: p2.next });
    expect(back.rows.map((r) => r.id)).toEqual(p2.rows.map((r) => r.id));
    // Fewer than a page of newer rows: back at the top, the first page as it is now.
    const top = await listAuditEvents({ ...q, page: 2, newer: { at: p1.rows[0]!.at, id: p1.rows[0]!.id } });
    expect(top).toMatchObject({ page: 1, prev: undefined, hasMore: true });
    expect(top.rows.map((r) => r.id).slice(1)).toEqual(p1.rows.map((r) => r.id).slice(0, 24));
    // An offset past MAX_OFFSET rows is the first page: deep pages go by cursor.
    expect((await listAuditEvents({ ...q, page: MAX_OFFSET / 25 + 2 })).page).toBe(1);
  });

  it("two filters together page by cursor through every month, dense or sparse, and back", async () => {
    // Dense: an event every 5 hours. Sparse: one denied read every 40 hours, over about a year.
    await ownerSql(`
      insert into audit_events (actor, action, outcome, at)
      select 'token:dense-${tag}', 'secret.read', 'denied', now() - g * interval '5 hours' from generate_series(1, 200) g;
      insert into audit_events (actor, action, outcome, at)
      select 'token:sparse-${tag}', 'secret.read', case when g % 2 = 0 then 'denied' else 'allowed' end, now() - g * interval '20 hours'
      from generate_series(1, 400) g`);
    for (const actor of [`token:dense-${tag}`, `token:sparse-${tag}`]) {
      const q = { actor, outcome: "denied", pageSize: 25 } as const;
      const all = await db().$queryRaw<{ id: bigint }[]>`
        select id from audit_events where actor = ${actor} and outcome = 'denied' order by at desc, id desc`;
      expect(all.length).toBeGreaterThan(100);
      const pages = [await listAuditEvents(q)];
      while (pages.at(-1)!.hasMore) pages.push(await listAuditEvents({ ...q, page: pages.length + 1, older: parseAuditCursor(pages.at(-1)!.next) }));
      expect(pages.flatMap((p) => p.rows.map((r) => BigInt(r.id))), actor).toEqual(all.map((r) => r.id));
      // And back up again by "newer" cursors, page by page.
      for (let i = pages.length - 1; i >= 2; i--) {
        const back = await listAuditEvents({ ...q, page: i, newer: parseAuditCursor(pages[i]!.prev) });
        expect(back.rows.map((r) => r.id), `${actor} page ${i}`).toEqual(pages[i - 1]!.rows.map((r) => r.id));
      }
      // An offset page agrees too.
      expect((await listAuditEvents({ ...q, page: 3 })).rows.map((r) => r.id)).toEqual(pages[2]!.rows.map((r) => r.id));
    }
  });

  it("cursors are '<epoch ms>_<id>' and anything else is no cursor", () => {
    const at = new Date("2026-11-30T12:34:56.789Z");
    expect(encodeAuditCursor({ at, id: "42" })).toBe(`${at.getTime()}_42`);
    expect(parseAuditCursor(`${at.getTime()}_42`)).toEqual({ at, id: "42" });
    for (const bad of ["", "1_", "_1", "1-2", "x_1", "1_9223372036854775808", "1.5_2", " 1_2", "1_2 ", 12, null, ["1_2"]]) {
      expect(parseAuditCursor(bad), String(bad)).toBeUndefined();
    }
  });

  it("each filter is served by an index that yields the time order, in every month's partition", async () => {
    // With enough rows, over three months, that a sequential scan would look attractive.
    await db().$executeRaw`
      insert into audit_events (actor, action, outcome, at)
      select 'user:filler' || (g % 50), 'secret.read', 'allowed', now() - g * interval '4 minutes' from generate_series(1, 30000) g`;
    // Past months had no partition yet: their rows wait in the default one until the retention run gives them theirs.
    expect((await enforceAuditRetention(400)).created.length).toBeGreaterThanOrEqual(1);
    await ownerSql(`analyze audit_events`);
    const plan = async (where: string) => {
      const rows = await db().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        `explain select * from audit_events ${where} order by at desc, id desc limit 26`,
      );
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    };
    const months = await db().$queryRaw<{ name: string }[]>`
      select distinct tableoid::regclass::text as name from audit_events where actor like 'user:filler%'`;
    expect(months.length).toBeGreaterThanOrEqual(2);
    const cursor = `where (at, id) < (now() - interval '30 days', 9e18::bigint)`;
    for (const [where, index] of [
      ["", "at_id"],
      [cursor, "at_id"],
      [`where actor = 'user:filler7'`, "actor_at_id"],
      [`where action = 'secret.update'`, "action_at_id"],
      [`where outcome = 'failed'`, "outcome_at_id"],
      [`where secret_id = '${a}'`, "secret_id_at_id"],
    ]) {
      const p = await plan(where!);
      // Every month holding rows is read through the filter's own index (empty months may be scanned: no pages).
      for (const { name } of months) {
        const part = name.replace(/^audit_partitions\./, "");
        expect(p, where).toMatch(new RegExp(`(Index Scan Backward using|Bitmap Index Scan on) ${part}_${index}_idx`));
        expect(p, where).not.toContain(`Seq Scan on ${part} `);
      }
    }
  });
});

describe("auditQuerySchema", () => {
  it("parses URL params leniently", () => {
    const id = crypto.randomUUID();
    expect(
      auditQuerySchema.parse({ secret: id, actor: "user:a@b.c", action: "secret.reveal", outcome: "denied", from: "2026-11-01", to: "2026-11-30T12:00:00Z", page: "2", size: "100" }),
    ).toEqual({
      secretId: id,
      actor: "user:a@b.c",
      actorMatch: "exact",
      action: "secret.reveal",
      outcome: "denied",
      from: new Date("2026-11-01"),
      to: new Date("2026-11-30T12:00:00Z"),
      page: 2,
      pageSize: 100,
      older: undefined,
      newer: undefined,
    });
    const at = new Date("2026-11-30T01:02:03.004Z");
    expect(auditQuerySchema.parse({ page: "3", older: `${at.getTime()}_77`, newer: "1_1" })).toMatchObject({ page: 3, older: { at, id: "77" }, newer: undefined });
    expect(auditQuerySchema.parse({ newer: `${at.getTime()}_77` })).toMatchObject({ older: undefined, newer: { at, id: "77" } });
    expect(auditQuerySchema.parse({ older: "drop table", newer: ["x"] })).toMatchObject({ page: 1, older: undefined, newer: undefined });
    expect(auditQuerySchema.parse({ secret: "x", actor: " ", action: "drop table", outcome: "?", from: "soon", page: "0", size: "7" })).toEqual({
      secretId: undefined,
      actor: undefined,
      actorMatch: undefined,
      action: undefined,
      outcome: undefined,
      from: undefined,
      to: undefined,
      page: 1,
      pageSize: 25,
      older: undefined,
      newer: undefined,
    });
    expect(auditQuerySchema.parse({ actor: "alice" })).toMatchObject({ actor: "alice", actorMatch: "contains" });
    expect(AUDIT_ACTIONS).toContain("secret.alias.extend");
    // Every action the app writes can be filtered on.
    expect(AUDIT_ACTIONS).toEqual(expect.arrayContaining(["token.create", "token.revoke", "webhook.create", "webhook.remove", "webhook.resend", "webhook.settings"]));
  });
});
