import crypto from "node:crypto";
import pg from "pg";
import { resetConfig } from "../config";
import { disconnectDb } from "../db/client";
import { migrate } from "../db/migrate";
import { provisionDatabase, restrictAppRole } from "../db/roles";
import { listAuditEvents, parseAuditCursor, type AuditQuery } from "../audit/query";
import { enforceAuditRetention } from "../audit/retention";
import type { Urls } from "./list";

/**
 * The audit log at N events (BENCH_AUDIT_ROWS, default 1,000,000; the
 * target is 10,000,000) beside a baseline of 10,000 events, each in its own
 * scratch database on the same server. Events are spread over 13 months in
 * their month partitions (as housekeeping leaves them), by one
 * INSERT … SELECT … generate_series. Each page query of the audit page is
 * timed through listAuditEvents (the median of many runs after a warm-up),
 * then one event insert (the read path's cost) and the retention run that
 * drops the oldest months, with the slowest event insert while it runs
 * (the read path must not wait for it). The ratio N/10k is the point: flat
 * means the page does not read more as the log grows.
 */
type Report = (what: string, figure: string, ratio?: string) => void;

const BASELINE = 10_000;
const DAYS = 395;
const KEEP_DAYS = 300;
const RUNS = Number(process.env.BENCH_AUDIT_RUNS ?? 100);

/** The seeded log's shape: 85% token reads from 200 tokens, 20 admins, 5 CLI users; 10,000 secrets; rare failures. */
const SEED_SQL = `
  insert into audit_events (at, actor, source, action, outcome, secret_id, secret_name, detail)
  select now() - (g::float8 / $1) * interval '${DAYS} days',
    case when r % 100 < 85 then 'token:svc-' || (r % 200)
         when r % 100 < 95 then 'user:admin' || (r / 100 % 20) || '@example.test'
         else 'cli:ops' || (r % 5) end,
    case when r % 100 < 85 then '10.0.' || (r % 250) || '.' || (r % 13) else 'cli' end,
    case when r % 1000 < 900 then 'secret.read'
         when r % 1000 < 930 then 'secret.reveal'
         when r % 1000 < 950 then 'secret.update'
         when r % 1000 < 980 then 'auth.sign-in'
         when r % 1000 < 995 then 'secret.create'
         else 'keys.rotate' end,
    case when (r / 1000) % 1000 < 20 then 'not_found'
         when (r / 1000) % 1000 < 25 then 'denied'
         when (r / 1000) % 1000 < 26 then 'failed'
         else 'allowed' end,
    ('00000000-0000-4000-8000-' || lpad(to_hex(r % 10000), 12, '0'))::uuid,
    'SECRET_' || (r % 10000),
    case when r % 1000 between 930 and 949 then '{"fields":["value"]}'::jsonb end
  from generate_series($1::int, 1, -1) g, lateral (select abs(hashint4(g)) as r) h`;

/** The page's queries; each gets the database's own deep cursor (about 200 days back). */
const CASES: { label: string; query: (deep: string) => AuditQuery }[] = [
  { label: "first page", query: () => ({}) },
  { label: "filter: one actor (exact)", query: () => ({ actor: "token:svc-7" }) },
  { label: "filter: action (rare: keys.rotate)", query: () => ({ action: "keys.rotate" }) },
  { label: "filter: outcome (rare: failed)", query: () => ({ outcome: "failed" }) },
  { label: "filter: one secret", query: () => ({ secretId: "00000000-0000-4000-8000-000000000007" }) },
  { label: "filter: actor substring (admin3)", query: () => ({ actor: "admin3" }) },
  { label: "filter: actor and outcome together", query: () => ({ actor: "token:svc-7", outcome: "denied" }) },
  { label: "filter: last 24 hours", query: () => ({ from: new Date(Date.now() - 86_400_000) }) },
  { label: "deep page (keyset, ~200 days back)", query: (deep) => ({ page: 40_000, older: parseAuditCursor(deep) }) },
  { label: "deep page, filtered (keyset, action)", query: (deep) => ({ page: 1_000, older: parseAuditCursor(deep), action: "secret.update" }) },
];

const withDb = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function median(runs: number, op: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(30, runs); i++) await op();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await op();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

type Prepared = { size: number; urls: Urls; deep: string; seedMs: number };

/** A scratch database with `size` events over 13 months, analyzed. */
async function prepare(server: Urls, size: number, log: (l: string) => void): Promise<Prepared> {
  const name = `bench_audit_${size}_${crypto.randomBytes(3).toString("hex")}`;
  const urls = { url: withDb(server.url, name), ownerUrl: withDb(server.ownerUrl, name), adminUrl: withDb(server.adminUrl, name) };
  await provisionDatabase(urls);
  await migrate(urls.ownerUrl);
  await restrictAppRole(urls); // the app role as in production: audit_maintain, no delete on the log
  const owner = new pg.Client({ connectionString: urls.ownerUrl });
  await owner.connect();
  try {
    // The months back, as if housekeeping had made each ahead of its time.
    await owner.query(
      `select audit_partitions.ensure_month(date_trunc('month', now(), 'UTC') - make_interval(months => g)) from generate_series(1, 14) g`,
    );
    const t = performance.now();
    await owner.query(SEED_SQL, [size]);
    const seedMs = performance.now() - t;
    await owner.query("vacuum analyze audit_events");
    log(`  ${size.toLocaleString("en-US")} events seeded in ${(seedMs / 1000).toFixed(1)} s (${Math.round(size / (seedMs / 1000)).toLocaleString("en-US")}/s), vacuumed and analyzed`);
    const { rows } = await owner.query<{ at: Date; id: string }>(
      `select at, id::text from audit_events where at < now() - interval '200 days' order by at desc, id desc limit 1`,
    );
    return { size, urls, deep: `${rows[0]!.at.getTime()}_${rows[0]!.id}`, seedMs };
  } finally {
    await owner.end();
  }
}

async function connectTo(url: string) {
  await disconnectDb();
  process.env.DATABASE_URL = url;
  resetConfig();
}

/** One event, as the read path writes it, on the app's own connection. */
async function insertMs(url: string, runs: number): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await median(runs, () =>
      c.query(
        `insert into audit_events (actor, source, action, outcome, secret_id, secret_name) values ('token:bench', '10.0.0.1', 'secret.read', 'allowed', $1, 'BENCH')`,
        ["00000000-0000-4000-8000-000000000001"],
      ),
    );
  } finally {
    await c.end();
  }
}

/** Runs op while another connection writes audit events one after another; op's time and the slowest write. */
async function whileInserting(url: string, op: () => Promise<unknown>): Promise<{ ms: number; longestInsertMs: number; inserts: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  let done = false;
  let longestInsertMs = 0;
  let inserts = 0;
  const writer = (async () => {
    while (!done) {
      const t = performance.now();
      await c.query(`insert into audit_events (actor, action, outcome) values ('token:bench', 'secret.read', 'allowed')`);
      longestInsertMs = Math.max(longestInsertMs, performance.now() - t);
      inserts++;
    }
  })();
  try {
    const t = performance.now();
    await op();
    return { ms: performance.now() - t, longestInsertMs, inserts };
  } finally {
    done = true;
    await writer;
    await c.end();
  }
}

/** Rows PostgreSQL counts in the partitions a retention of `days` would drop (statistics, no count(*)). */
async function droppable(ownerUrl: string, days: number): Promise<{ months: number; rows: number }> {
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ months: number; rows: number }>(
      `select count(*)::int as months, coalesce(sum(c.reltuples), 0)::float8 as rows
       from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'public.audit_events'::regclass
         and upper(audit_partitions.bounds(i.inhrelid)) <= now() - make_interval(days => $1)`,
      [days],
    );
    return rows[0]!;
  } finally {
    await c.end();
  }
}

/** keepDatabases leaves the two scratch databases in place (to EXPLAIN by hand) and logs their names. */
export async function benchAudit(server: Urls, report: Report, log: (l: string) => void = console.log, opts: { keepDatabases?: boolean } = {}) {
  const size = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
  if (!Number.isInteger(size) || size < BASELINE) throw new Error(`BENCH_AUDIT_ROWS must be a whole number of at least ${BASELINE}`);
  log(`\nAudit log at ${BASELINE.toLocaleString("en-US")} and ${size.toLocaleString("en-US")} events over ${DAYS} days (median of ${RUNS} runs each):`);
  const dbs = [await prepare(server, BASELINE, log), await prepare(server, size, log)];
  const figures = new Map<string, number[]>();
  const note = (what: string, i: number, ms: number) => {
    const best = figures.get(what) ?? [];
    best[i] = Math.min(best[i] ?? Infinity, ms);
    figures.set(what, best);
  };
  // Three rounds; within a round each query runs at both sizes back to back, and each figure is the
  // best of its three medians (a shared 2-core machine: one busy moment should not decide a ratio).
  for (const round of [1, 2, 3]) {
    for (const c of CASES) {
      for (const [i, d] of dbs.entries()) {
        await connectTo(d.urls.url);
        const query = c.query(d.deep);
        if (round === 1) {
          const page = await listAuditEvents(query);
          if (!page.rows.length) log(`  (${c.label}: no rows at ${d.size}; the figure measures an empty page)`);
        }
        note(`listAuditEvents: ${c.label}`, i, await median(RUNS, () => listAuditEvents(query)));
      }
    }
    for (const [i, d] of dbs.entries()) note("audit event insert (the read path's write)", i, await insertMs(d.urls.url, RUNS * 2));
  }
  // Retention: the oldest months go whole (the seed reaches 395 days back; keep 300: five months, 2.4M events at 10M),
  // while another connection keeps writing audit events as the read path does.
  for (const [i, d] of dbs.entries()) {
    await connectTo(d.urls.url);
    const before = await droppable(d.urls.ownerUrl, KEEP_DAYS);
    let run: Awaited<ReturnType<typeof enforceAuditRetention>> | undefined;
    const first = await whileInserting(d.urls.url, async () => (run = await enforceAuditRetention(KEEP_DAYS)));
    note(`retention run (drops the months past ${KEEP_DAYS} days)`, i, first.ms);
    note("  longest audit insert while it ran", i, first.longestInsertMs);
    const again = await whileInserting(d.urls.url, () => enforceAuditRetention(KEEP_DAYS));
    note("retention run again (nothing to do)", i, again.ms);
    log(`  ${d.size.toLocaleString("en-US")}: retention dropped ${run!.dropped.length} month(s), about ${Math.round(before.rows).toLocaleString("en-US")} events; ${first.inserts} events written meanwhile`);
  }
  let worst = 0;
  for (const [what, [small, large]] of figures) {
    const ratio = large! / small!;
    if (what.startsWith("listAuditEvents")) worst = Math.max(worst, ratio);
    report(what, `${small!.toFixed(2)} / ${large!.toFixed(2)} ms`, `${ratio.toFixed(2)}x (${compact(size)}/${compact(BASELINE)})`);
  }
  report(`audit page: worst ratio ${compact(size)}/${compact(BASELINE)}`, `${worst.toFixed(2)}x`);
  await disconnectDb();
  if (opts.keepDatabases) return log(`  kept: ${dbs.map((d) => new URL(d.urls.url).pathname.slice(1)).join(", ")}`);
  const admin = new pg.Client({ connectionString: withDb(server.adminUrl, "postgres") });
  await admin.connect();
  try {
    for (const d of dbs) await admin.query(`drop database if exists ${new URL(d.urls.url).pathname.slice(1)} with (force)`);
  } finally {
    await admin.end();
  }
}

const compact = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
