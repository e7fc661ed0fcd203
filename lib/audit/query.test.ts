import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { openTestKeyring } from "../testing/keyring";
import * as secrets from "../secrets/service";
import { AUDIT_ACTIONS, auditQuerySchema, listAuditEvents } from "./query";

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

  it("each filter is served by an index that yields the time order", async () => {
    // With enough rows that a sequential scan would look attractive.
    await db().$executeRaw`
      insert into audit_events (actor, action, outcome, at)
      select 'user:filler' || (g % 50), 'secret.read', 'allowed', now() - g * interval '1 second' from generate_series(1, 20000) g`;
    await db().$executeRaw`analyze audit_events`;
    const plan = async (where: string) => {
      const rows = await db().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        `explain select * from audit_events ${where} order by at desc, id desc limit 26`,
      );
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    };
    expect(await plan("")).toMatch(/Index Scan Backward using audit_events_at_idx/);
    expect(await plan(`where actor = 'user:filler7'`)).toMatch(/audit_events_actor_at_idx/);
    expect(await plan(`where action = 'secret.update'`)).toMatch(/audit_events_action_at_idx/);
    expect(await plan(`where outcome = 'failed'`)).toMatch(/audit_events_outcome_at_idx/);
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
    });
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
    });
    expect(auditQuerySchema.parse({ actor: "alice" })).toMatchObject({ actor: "alice", actorMatch: "contains" });
    expect(AUDIT_ACTIONS).toContain("secret.alias.extend");
  });
});
