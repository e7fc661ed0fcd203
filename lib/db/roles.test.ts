import pg from "pg";
import { describe, expect, it } from "vitest";
import { config } from "../config";
import { ownerSql } from "../testing/owner-sql";

/** The app's role on a migrated database (this file's clone of the test template, provisioned like production). */
async function asApp(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: config().databaseUrl });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe("the app role and the audit log", () => {
  it("may append events and mark a read's outcome, but never delete or rewrite them", async () => {
    const { rows } = await asApp(
      "insert into audit_events (actor, action, outcome) values ('test', 'secret.read', 'allowed') returning id",
    );
    const id = rows[0].id as string;
    await asApp("update audit_events set outcome = 'failed', detail = '{\"error\":\"integrity\"}' where id = $1", [id]);
    for (const sql of [
      "delete from audit_events where id = $1",
      "update audit_events set actor = 'someone else' where id = $1",
      "update audit_events set at = now() - interval '1 year' where id = $1",
    ]) {
      await expect(asApp(sql, [id]), sql).rejects.toThrow(/permission denied/);
    }
    await expect(asApp("truncate audit_events")).rejects.toThrow(/permission denied|must be owner/);
    expect((await asApp("select actor, outcome from audit_events where id = $1", [id])).rows[0]).toEqual({ actor: "test", outcome: "failed" });
  });

  it("cannot reach the log's month partitions, not even those made after it started, except through audit_events and audit_maintain", async () => {
    const { rows } = await asApp(
      "insert into audit_events (actor, action, outcome) values ('test', 'secret.read', 'allowed') returning id, tableoid::regclass::text as part",
    );
    const current = rows[0].part as string;
    expect(current).toMatch(/^audit_partitions\.audit_events_\d{4}_\d{2}$/);
    // The last month ahead, dropped and made again by the app's own call of the maintenance function.
    const ahead = (
      await asApp(
        `select 'audit_partitions.' || c.relname as p from pg_inherits i join pg_class c on c.oid = i.inhrelid
         where i.inhparent = 'audit_events'::regclass and c.relname <> 'audit_events_default' order by c.relname desc limit 1`,
      )
    ).rows[0].p as string;
    await ownerSql(`drop table ${ahead}`);
    const run = (await asApp("select public.audit_maintain(400) as r")).rows[0].r;
    expect(run.created).toHaveLength(1);
    for (const part of [current, ahead, "audit_partitions.audit_events_default"]) {
      for (const sql of [
        `delete from ${part}`,
        `truncate ${part}`,
        `drop table ${part}`,
        `update ${part} set outcome = 'failed'`,
        `select count(*) from ${part}`,
        `insert into ${part} (actor, action, outcome) values ('x', 'secret.read', 'allowed')`,
        `alter table audit_events detach partition ${part}`,
      ]) {
        await expect(asApp(sql), sql).rejects.toThrow(/permission denied|must be owner/);
      }
    }
    for (const sql of [
      "select audit_partitions.ensure_month(now() - interval '10 years')",
      "select audit_partitions.lock_down('audit_events'::regclass)",
      "create table audit_partitions.mine (x int)",
      "alter table audit_events attach partition audit_partitions.audit_events_default default",
      "drop function public.audit_maintain(integer)",
    ]) {
      await expect(asApp(sql), sql).rejects.toThrow(/permission denied|must be owner/);
    }
    // Still one event per insert, readable through the log.
    expect((await asApp("select count(*)::int as n from audit_events where id = $1", [rows[0].id])).rows[0].n).toBe(1);
  });
});

describe("the app role and the job queue (graphile-worker's schema)", () => {
  it("may queue, see and finish jobs, but not change the queue's schema, functions or migration record", async () => {
    const { prepareWorkerSchema } = await import("../webhooks/worker-schema");
    await prepareWorkerSchema({ url: config().databaseUrl!, ownerUrl: config().databaseOwnerUrl! });
    const { rows } = await asApp("select id from graphile_worker.add_job('roles_test', '{}'::json)");
    const id = rows[0].id as string;
    // Row-level security is on for its tables; the app role's policy lets it see them.
    expect((await asApp("select count(*)::int as n from graphile_worker._private_jobs where id = $1", [id])).rows[0].n).toBe(1);
    expect((await asApp("select count(*)::int as n from graphile_worker.migrations")).rows[0].n).toBeGreaterThan(10);
    await asApp("delete from graphile_worker._private_jobs where id = $1", [id]);
    for (const sql of [
      "drop table graphile_worker._private_jobs",
      "alter table graphile_worker._private_jobs disable row level security",
      "create table graphile_worker.extra (id int)",
      "create or replace function graphile_worker.add_job(identifier text) returns int language sql as 'select 1'",
      "insert into graphile_worker.migrations (id) values (9999)",
      "delete from graphile_worker.migrations",
    ]) {
      await expect(asApp(sql), sql).rejects.toThrow(/permission denied|must be owner/);
    }
  });
});
