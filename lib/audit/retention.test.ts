import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "../config";
import { db } from "../db/client";
import { ValidationError } from "../errors";
import { ownerSql } from "../testing/owner-sql";
import { recordAuditRetention } from "../db/roles";
import { enforceAuditRetention } from "./retention";

/**
 * Retention by month partitions, against this file's real database: old
 * events are inserted through the owner's connection (the app may not write
 * the past), then the app runs the retention as it does in production
 * (public.audit_maintain through its own role).
 */
const RETENTION = 400;

/** Exact days (24 hours each, as the retention counts them), whatever the session's time zone. */
const ago = (days: number) => `interval '${days * 24} hours'`;

/** The test events, by their actor. */
const MARKS = ["t:500-days", "t:460-days", "t:cutoff-month", "t:3-years", "t:100-days", "t:far-future", "t:recent"];

/** "2026-11" for the UTC month `monthsFromNow` away (negative: back). */
const month = (monthsFromNow: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsFromNow, 1)).toISOString().slice(0, 7);
};
/** Its partition: "audit_events_2026_11". */
const partitionName = (monthsFromNow: number) => `audit_events_${month(monthsFromNow).replace("-", "_")}`;

async function partitions(): Promise<string[]> {
  const rows = await db().$queryRaw<{ name: string }[]>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.audit_events'::regclass order by 1`;
  return rows.map((r) => r.name);
}

/** Tables in audit_partitions that are no month of the log (detached months whose files were not dropped). */
async function leftovers(): Promise<string[]> {
  const rows = await db().$queryRaw<{ name: string }[]>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'audit_partitions' and c.relkind = 'r' and not c.relispartition`;
  return rows.map((r) => r.name);
}

/** Where each of this file's test events lives now (partition name, or gone). */
async function whereAre(marks: string[]): Promise<Record<string, string>> {
  const rows = await db().$queryRaw<{ actor: string; part: string }[]>`
    select actor, tableoid::regclass::text as part from audit_events where actor = any(${marks}::text[])`;
  return Object.fromEntries(rows.map((r) => [r.actor, r.part.replace(/^audit_partitions\./, "")]));
}

/** A connection of the owner's, for holding locks while the app runs the retention. */
async function ownerClient() {
  const c = new pg.Client({ connectionString: config().databaseOwnerUrl });
  await c.connect();
  return c;
}

const appSql = async (sql: string) => {
  const c = new pg.Client({ connectionString: config().databaseUrl });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
};

beforeAll(async () => {
  // Partitions for two long-gone months, as if made ahead back then, and for
  // the month the cutoff falls in; then events written "back then".
  await ownerSql(`
    select audit_partitions.ensure_month(now() - ${ago(500)});
    select audit_partitions.ensure_month(now() - ${ago(460)});
    select audit_partitions.ensure_month(now() - ${ago(RETENTION)});
    insert into audit_events (actor, action, outcome, at) values
      ('t:500-days', 'secret.read', 'allowed', now() - ${ago(500)}),
      ('t:460-days', 'secret.read', 'allowed', now() - ${ago(460)}),
      -- Past the retention, but its month is not over yet: it stays until the whole month is.
      ('t:cutoff-month', 'secret.read', 'allowed', date_trunc('month', now() - ${ago(RETENTION)}, 'UTC') + interval '1 millisecond'),
      -- No partition for these months: they wait in the default partition.
      ('t:3-years', 'secret.read', 'allowed', now() - ${ago(3 * 365)}),
      ('t:100-days', 'secret.read', 'allowed', now() - ${ago(100)}),
      ('t:far-future', 'secret.read', 'allowed', now() + interval '2 years'),
      ('t:recent', 'secret.read', 'allowed', now() - interval '1 minute')`);
});

describe("audit retention", () => {
  it("refuses a retention that is not 1 to 36,500 whole days, in the app and in the database", async () => {
    for (const days of [0, -1, -400, 1.5, Number.NaN, 36_501, 1e9]) {
      await expect(enforceAuditRetention(days), String(days)).rejects.toBeInstanceOf(ValidationError);
    }
    for (const arg of ["0", "-1", "36501", "2147483647", "null"]) {
      await expect(appSql(`select public.audit_maintain(${arg})`), arg).rejects.toThrow(/retention_days must be a whole number of days from 1 to 36500/);
    }
    // Nothing was dropped by the refused calls.
    expect(await partitions()).toContain(partitionName(0));
    expect(Object.keys(await whereAre(MARKS)).sort()).toEqual([...MARKS].sort());
  });

  it("drops whole months past the retention, keeps the rest, and creates the coming months", async () => {
    const gone = [partitionName(-monthsBack(500)), partitionName(-monthsBack(460))];
    expect(await partitions()).toEqual(expect.arrayContaining(gone));
    const placed = await whereAre(MARKS);
    expect(placed["t:3-years"]).toBe("audit_events_default");
    expect(placed["t:100-days"]).toBe("audit_events_default");

    const run = await enforceAuditRetention(RETENTION);
    expect(run.skipped).toBe(false);
    expect(run.busy).toEqual([]);
    expect(run.dropped.sort()).toEqual(gone.sort());
    // Detached in one transaction, their files dropped in the next: nothing is left behind.
    expect(run.freed.sort()).toEqual(gone.map((p) => `expired_${p}`).sort());
    expect(await leftovers()).toEqual([]);
    expect(run.expiredRows).toBe(1); // t:3-years, the only default-partition row whose month is past
    expect(run.created).toEqual([month(-monthsBack(100))]); // t:100-days's month, moved out of the default partition

    const after = await partitions();
    for (const p of gone) expect(after).not.toContain(p);
    for (const ahead of [0, 1, 2, 3]) expect(after).toContain(partitionName(ahead));
    expect(await whereAre(MARKS)).toEqual({
      "t:cutoff-month": partitionName(-monthsBack(RETENTION)),
      "t:100-days": partitionName(-monthsBack(100)),
      "t:far-future": "audit_events_default",
      "t:recent": partitionName(0),
    });
    // Nothing past the retention is left outside a month that is still running.
    const past = await db().$queryRaw<{ n: bigint }[]>`
      select count(*) as n from audit_events where at < date_trunc('month', now() - make_interval(days => ${RETENTION}), 'UTC')`;
    expect(past[0]!.n).toBe(0n);

    // The drop is itself in the log, with who asked for it.
    const event = await db().auditEvent.findFirst({ where: { action: "audit.retention" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ actor: "system:retention", outcome: "allowed" });
    expect(event!.detail).toMatchObject({ retentionDays: RETENTION, dropped: expect.arrayContaining(gone), expiredRows: 1, caller: "secrets_app" });
  });

  it("a second run changes nothing", async () => {
    const before = await partitions();
    const events = await db().auditEvent.count();
    expect(await enforceAuditRetention(RETENTION)).toEqual({ skipped: false, created: [], dropped: [], freed: [], expiredRows: 0, busy: [] });
    expect(await partitions()).toEqual(before);
    expect(await db().auditEvent.count()).toBe(events);
  });

  it("re-creates a month ahead that went missing, owned by the owner alone", async () => {
    await ownerSql(`drop table audit_partitions.${partitionName(3)}`);
    expect(await partitions()).not.toContain(partitionName(3));
    expect((await enforceAuditRetention(RETENTION)).created).toEqual([month(3)]);
    const [row] = await db().$queryRaw<{ acl: string | null }[]>`
      select c.relacl::text as acl from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'audit_partitions' and c.relname = ${partitionName(3)}`;
    expect(row).toBeDefined();
    expect(row!.acl ?? "").not.toMatch(/secrets_app|[{,]=/);
  });

  it("skips when another instance is running it, and leaves a drop it cannot lock for the next run", async () => {
    const other = await ownerClient();
    try {
      await other.query("begin");
      await other.query("select pg_advisory_xact_lock(7270100)");
      expect((await enforceAuditRetention(RETENTION)).skipped).toBe(true);
      await other.query("rollback");

      // A long reader of the log holds a lock a drop must wait for: the drop waits a second, then gives up.
      await ownerSql(`
        select audit_partitions.ensure_month(now() - ${ago(600)});
        insert into audit_events (actor, action, outcome, at) values ('t:600-days', 'secret.read', 'allowed', now() - ${ago(600)})`);
      await other.query("begin");
      await other.query("lock table audit_events in access share mode");
      const started = Date.now();
      const run = await enforceAuditRetention(RETENTION);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(run.busy).toHaveLength(1);
      expect(run.dropped).toEqual([]);
      await other.query("rollback");
      expect((await enforceAuditRetention(RETENTION)).dropped).toEqual(run.busy);
      expect(await whereAre(["t:600-days"])).toEqual({});
      expect(await leftovers()).toEqual([]);
    } finally {
      await other.end();
    }
  });

  it("the app's connection cannot keep less than the retention the owner recorded, nor change it", async () => {
    await recordAuditRetention(config().databaseOwnerUrl!, RETENTION);
    await appSql("select public.audit_maintain(1)");
    expect(Object.keys(await whereAre(["t:100-days", "t:recent"])).sort()).toEqual(["t:100-days", "t:recent"]);
    await expect(appSql("update audit_policy set retention_days = 1")).rejects.toThrow(/permission denied/);
    await expect(appSql("delete from audit_policy")).rejects.toThrow(/permission denied/);
    await expect(appSql("select public.audit_maintain_unchecked(1)")).rejects.toThrow(/permission denied/);
  });
});

/** How many whole UTC months back the instant `days` ago falls (0 = this month). */
function monthsBack(days: number): number {
  const now = new Date();
  const then = new Date(now.getTime() - days * 86_400_000);
  return (now.getUTCFullYear() - then.getUTCFullYear()) * 12 + now.getUTCMonth() - then.getUTCMonth();
}
