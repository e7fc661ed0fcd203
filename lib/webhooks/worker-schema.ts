import pg from "pg";
import { grantWorkerSchema } from "../db/roles";

/**
 * graphile-worker's own schema (graphile_worker), made and upgraded by its
 * own migrations, which need DDL: they run with the owner's connection at
 * start, after ours (lib/runtime/bootstrap.ts), and the app role then gets
 * what the worker and the outbox need (lib/db/roles.ts). When the schema is
 * current and granted, this costs one query and loads nothing else, so a CLI
 * call stays quick.
 */
export const WORKER_SCHEMA = "graphile_worker";

export async function prepareWorkerSchema(urls: { url: string; ownerUrl: string }, log?: (line: string) => void): Promise<boolean> {
  const latest = await latestWorkerMigration();
  const appRole = decodeURIComponent(new URL(urls.url).username);
  const state = await currentState(urls.ownerUrl, appRole);
  if (state.version >= latest && state.granted) return false;
  if (state.version < latest) {
    const { runMigrations, Logger } = await import("graphile-worker");
    // Its own log lines are debug chatter; a failure surfaces as the thrown error.
    const quiet = new Logger(() => () => {});
    await runMigrations({ connectionString: urls.ownerUrl, schema: WORKER_SCHEMA, logger: quiet });
    log?.(`Job queue schema (graphile-worker) at revision ${latest}`);
  }
  await grantWorkerSchema(urls, WORKER_SCHEMA);
  return true;
}

/** The highest migration graphile-worker ships (its SQL, without loading the worker). */
async function latestWorkerMigration(): Promise<number> {
  const { migrations } = (await import("graphile-worker/dist/generated/sql.js")) as { migrations: Record<string, string> };
  return Math.max(...Object.keys(migrations).map((file) => parseInt(file.slice(0, 6), 10)));
}

async function currentState(ownerUrl: string, appRole: string): Promise<{ version: number; granted: boolean }> {
  const client = new pg.Client({ connectionString: ownerUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ migrations: string | null; granted: boolean | null }>(
      `select to_regclass($1) as migrations,
              case when to_regnamespace($2) is not null and exists (select 1 from pg_roles where rolname = $3)
                   then has_schema_privilege($3, $2, 'USAGE') end as granted`,
      [`${WORKER_SCHEMA}.migrations`, WORKER_SCHEMA, appRole],
    );
    if (!rows[0]?.migrations) return { version: 0, granted: false };
    const v = await client.query<{ id: number | null }>(`select max(id) as id from ${WORKER_SCHEMA}.migrations`);
    return { version: v.rows[0]?.id ?? 0, granted: rows[0].granted !== false };
  } finally {
    await client.end().catch(() => {});
  }
}
