import crypto from "node:crypto";
import pg from "pg";
import { resetConfig } from "../config";
import { disconnectDb } from "../db/client";
import { migrate } from "../db/migrate";
import { provisionDatabase } from "../db/roles";
import { setKeyring } from "../keys";
import { Keyring } from "../keys/keyring";
import { LocalRootKey } from "../keys/root-key";
import { listSecrets, type ListQuery } from "../secrets/list";
import { seedSecrets } from "../secrets/seed";
import { refreshReadStats } from "../secrets/usage";
import { createUser } from "../users/users";

/**
 * The dashboard list at 100 and at 100,000 secrets, each size in its own
 * database on the same server, seeded by the seed code (lib/secrets/seed.ts)
 * with read figures for 2% of the secrets. Each query is timed through
 * listSecrets and as the same SQL on a bare pg client; the figure is the
 * median of many runs after a warm-up, and the ratio 100k/100 is the target
 * (at most 1.3x).
 */
export type Urls = { url: string; ownerUrl: string; adminUrl: string };
type Report = (what: string, figure: string, ratio?: string) => void;

const SIZES = [100, 100_000] as const;
const RUNS = Number(process.env.BENCH_LIST_RUNS ?? 300);

type Case = {
  label: string;
  query: ListQuery;
  sql: (ctx: Ctx) => { text: string; values: unknown[] }[];
  /** Search for this database's name fragment. */
  fragment?: boolean;
  info?: boolean;
};
type Ctx = { fragment: string };

const page = (where: string, order: string, values: unknown[] = []) => ({
  text: `select id, name, description, created_at, updated_at, readers_30d,
           case when last_read_at = '-infinity' then null else last_read_at end as last_read
         from secrets where deleted_at is null ${where} order by ${order} limit 25 offset 0`,
  values,
});
const total = { text: `select sum(live)::bigint from secret_counts`, values: [] };
const searchWhere = `and (name_key ilike $1 or description ilike $1)`;

const CASES: Case[] = [
  { label: "first page (by name)", query: {}, sql: () => [total, page("", "name_key asc, id asc")] },
  {
    label: "search (a name fragment)",
    query: {},
    fragment: true,
    sql: ({ fragment }) => [
      { text: `select count(*) from secrets where deleted_at is null ${searchWhere}`, values: [`%${fragment}%`] },
      page(searchWhere, "name_key asc, id asc", [`%${fragment}%`]),
    ],
  },
  {
    // Not held to the target: its total is an exact count of the matches, which grow with the table.
    label: "search (a common word: 1 in 16 rows match)",
    query: { search: "payments" },
    sql: () => [
      { text: `select count(*) from secrets where deleted_at is null ${searchWhere}`, values: ["%payments%"] },
      page(searchWhere, "name_key asc, id asc", ["%payments%"]),
    ],
    info: true,
  },
  { label: "sort by description", query: { sort: "description" }, sql: () => [total, page("", "description asc, id asc")] },
  { label: "sort by last updated, newest first", query: { sort: "updated", dir: "desc" }, sql: () => [total, page("", "updated_at desc, id desc")] },
  { label: "sort by last read, latest first", query: { sort: "lastRead", dir: "desc" }, sql: () => [total, page("", "last_read_at desc, id desc")] },
  { label: "sort by readers, most first", query: { sort: "readers", dir: "desc" }, sql: () => [total, page("", "readers_30d desc, id desc")] },
];

async function median(runs: number, op: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 30; i++) await op();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await op();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const withDb = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function prepare(server: Urls, size: number, rootKey: Buffer, log: (l: string) => void) {
  const name = `bench_list_${size}_${crypto.randomBytes(3).toString("hex")}`;
  const urls = { url: withDb(server.url, name), ownerUrl: withDb(server.ownerUrl, name), adminUrl: withDb(server.adminUrl, name) };
  await provisionDatabase(urls);
  await migrate(urls.ownerUrl);
  await connectTo(urls.url, rootKey);
  await createUser({ id: "bench", source: "bench" }, { email: "bench-owner@example.invalid", role: "owner" });
  const seeded = await seedSecrets({ count: size, prefix: "bench_", databaseUrl: urls.url });
  log(`  seeded ${size} secrets in ${(seeded.ms / 1000).toFixed(1)} s (${Math.round(size / (seeded.ms / 1000))}/s)`);
  // Read figures for 2% of the secrets, as the usage flush would leave them.
  const read = seeded.names.filter((_, i) => i % 50 === 0);
  const owner = new pg.Client({ connectionString: urls.ownerUrl });
  await owner.connect();
  try {
    await owner.query(
      `insert into secret_reads (secret_id, caller, via_name, day, count, last_read_at)
       select s.id, 'token:caller' || (g % 5), s.name_key, current_date - (g % 20), 1 + g % 7, now() - (g || ' minutes')::interval
       from secrets s, generate_series(1, 1 + abs(hashtext(s.name)) % 5) g
       where s.name = any($1::text[])`,
      [read],
    );
    const ids = (await owner.query<{ id: string }>(`select id from secrets where name = any($1::text[])`, [read])).rows.map((r) => r.id);
    await refreshReadStats(ids);
    await owner.query("vacuum analyze");
  } finally {
    await owner.end();
  }
  return { url: urls.url, fragment: seeded.names[Math.floor(size / 2)]!.slice(-8) };
}

async function connectTo(url: string, rootKey: Buffer) {
  await disconnectDb();
  process.env.DATABASE_URL = url;
  resetConfig();
  const ring = new Keyring(new LocalRootKey(rootKey));
  await ring.load();
  setKeyring(ring);
}

export async function benchList(server: Urls, report: Report, log: (l: string) => void = console.log) {
  log(`\nSecrets list at ${SIZES.join(" and ")} secrets (median of ${RUNS} runs each):`);
  const rootKey = crypto.randomBytes(32);
  const dbs = [];
  for (const size of SIZES) dbs.push({ size, ...(await prepare(server, size, rootKey, log)) });
  const figures = new Map<string, number[]>();
  const informational = new Set<string>();
  // Three rounds, sizes alternating; each figure is the best of its three medians (sub-millisecond
  // timings on a shared 2-core machine: one busy moment should not decide a ratio).
  for (const round of [1, 2, 3]) {
    for (const d of dbs) {
      await connectTo(d.url, rootKey);
      const client = new pg.Client({ connectionString: d.url });
      await client.connect();
      try {
        if (round === 1) {
          const matches = async (search: string) => (await listSecrets({ search })).total;
          log(`  ${d.size}: "${d.fragment}" matches ${await matches(d.fragment)}; "payments" matches ${await matches("payments")}`);
        }
        for (const c of CASES) {
          const query = c.fragment ? { ...c.query, search: d.fragment } : c.query;
          const svc = await median(RUNS, () => listSecrets(query));
          const sql = await median(RUNS, async () => {
            for (const q of c.sql({ fragment: d.fragment })) await client.query(q.text, q.values);
          });
          for (const [what, ms] of [[`listSecrets: ${c.label}`, svc], [`  same in SQL: ${c.label}`, sql]] as const) {
            if (c.info) informational.add(what);
            const best = figures.get(what) ?? [];
            const i = dbs.indexOf(d);
            best[i] = Math.min(best[i] ?? Infinity, ms);
            figures.set(what, best);
          }
        }
      } finally {
        await client.end();
      }
    }
  }
  let worst = 0;
  for (const [what, [small, large]] of figures) {
    const ratio = large! / small!;
    const info = informational.has(what);
    if (!info) worst = Math.max(worst, ratio);
    const verdict = info ? "  (informational)" : ratio > 1.3 ? "  OVER 1.3x" : "";
    report(what, `${small!.toFixed(2)} / ${large!.toFixed(2)} ms`, `${ratio.toFixed(2)}x (100k/100)${verdict}`);
  }
  report("list: worst ratio 100k/100 (target <= 1.3x)", `${worst.toFixed(2)}x`);
  await disconnectDb();
}
