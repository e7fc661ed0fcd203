import crypto from "node:crypto";
import pg from "pg";

/**
 * Least privilege inside PostgreSQL. Three roles:
 * - the cluster's superuser (embedded database only): creates the others;
 * - secrets_owner owns the database and its tables and runs migrations;
 * - secrets_app is what the app connects as: it may read and write rows,
 *   nothing else: no DDL, no COPY … PROGRAM, no server files.
 * provisionDatabase() is idempotent and runs at every start of the
 * embedded database; tests run it on their server too.
 */
export const OWNER_ROLE = "secrets_owner";
export const APP_ROLE = "secrets_app";
export const DATABASE = "secrets";

export type RoleUrls = {
  /** The app's connection (secrets_app). */
  url: string;
  /** Migrations (secrets_owner). */
  ownerUrl: string;
  /** The superuser, for provisioning only. */
  adminUrl: string;
  adminPassword: string;
};

/** Role passwords derive from the superuser's, so every process that can read that file can connect. */
export function roleUrls(adminPassword: string, port: number, database = DATABASE): RoleUrls {
  const derive = (role: string) => crypto.createHmac("sha256", adminPassword).update(`role/${role}`).digest("base64url");
  const at = (user: string, password: string, db: string) =>
    `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  return {
    url: at(APP_ROLE, derive(APP_ROLE), database),
    ownerUrl: at(OWNER_ROLE, derive(OWNER_ROLE), database),
    adminUrl: at("secrets", adminPassword, database),
    adminPassword,
  };
}

/** Creates (or repairs) the roles, the database and the grants; needs a superuser URL. */
export async function provisionDatabase(urls: Pick<RoleUrls, "url" | "ownerUrl" | "adminUrl">): Promise<void> {
  const app = new URL(urls.url);
  const owner = new URL(urls.ownerUrl);
  const database = decodeURIComponent(app.pathname.slice(1));
  const appRole = decodeURIComponent(app.username);
  const ownerRole = decodeURIComponent(owner.username);

  const cluster = new URL(urls.adminUrl);
  cluster.pathname = "/postgres";
  await withClient(cluster.toString(), async (c) => {
    // One provisioner at a time (the server and a CLI may start together).
    await c.query("select pg_advisory_lock(7270003)");
    for (const [role, password] of [
      [ownerRole, decodeURIComponent(owner.password)],
      [appRole, decodeURIComponent(app.password)],
    ] as const) {
      const exists = (await c.query("select 1 from pg_roles where rolname = $1", [role])).rowCount;
      const verb = exists ? "alter" : "create";
      await c.query(
        `${verb} role ${ident(role)} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${literal(password)}`,
      );
    }
    if (!(await c.query("select 1 from pg_database where datname = $1", [database])).rowCount) {
      await c.query(`create database ${ident(database)} owner ${ident(ownerRole)}`);
    } else {
      await c.query(`alter database ${ident(database)} owner to ${ident(ownerRole)}`);
    }
    await c.query(`revoke all on database ${ident(database)} from public`);
    await c.query(`grant connect, temporary on database ${ident(database)} to ${ident(appRole)}`);
  });

  const inDb = new URL(urls.adminUrl);
  inDb.pathname = `/${encodeURIComponent(database)}`;
  await withClient(inDb.toString(), async (c) => {
    // Several processes may provision at once (a server and CLI calls): GRANTs racing on one catalog row fail.
    await c.query("select pg_advisory_lock(7270004)");
    const [o, a] = [ident(ownerRole), ident(appRole)];
    await c.query(`alter schema public owner to ${o}`);
    await c.query(`revoke all on schema public from public`);
    await c.query(`grant usage on schema public to ${a}`);
    // Objects made before the roles existed (installs from older versions) move to the owner.
    const foreign = await c.query<{ stmt: string }>(
      `select format('alter %s public.%I owner to %I', case c.relkind when 'S' then 'sequence' when 'v' then 'view' else 'table' end, c.relname, $1::text) as stmt
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'S', 'v') and pg_get_userbyid(c.relowner) <> $1
         and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))`,
      [ownerRole],
    );
    for (const { stmt } of foreign.rows) await c.query(stmt);
    await c.query(`grant select, insert, update, delete on all tables in schema public to ${a}`);
    await c.query(`grant usage, select on all sequences in schema public to ${a}`);
    await c.query(`alter default privileges for role ${o} in schema public grant select, insert, update, delete on tables to ${a}`);
    await c.query(`alter default privileges for role ${o} in schema public grant usage, select on sequences to ${a}`);
  });
  await restrictAppRole(urls);
}

/**
 * The audit log is append-only for the app: it may insert events and mark a
 * read's outcome (a failed decryption), never delete or rewrite them, so an
 * injection through the app's connection cannot erase its own traces.
 * Its month partitions (schema audit_partitions) are the owner's alone: the
 * app reaches them only through audit_events, and keeps them by calling
 * audit_maintain() (SECURITY DEFINER, lib/audit/retention.ts).
 * Runs after migrations (the table must exist) with the owner's connection;
 * a no-op when the app and the owner are one role.
 */
export async function restrictAppRole(urls: { url: string; ownerUrl: string }): Promise<void> {
  const appRole = decodeURIComponent(new URL(urls.url).username);
  if (!appRole || appRole === decodeURIComponent(new URL(urls.ownerUrl).username)) return;
  await withClient(urls.ownerUrl, async (c) => {
    await c.query("select pg_advisory_lock(7270004)");
    if (!(await c.query("select to_regclass('public.audit_events') as t")).rows[0]?.t) return;
    const a = ident(appRole);
    await c.query(`revoke update, delete, truncate on audit_events from ${a}`);
    await c.query(`grant update (outcome, detail) on audit_events to ${a}`);
    if ((await c.query("select to_regnamespace('audit_partitions') as s")).rows[0]?.s) {
      await c.query(`revoke all on schema audit_partitions from ${a}`);
      await c.query(`revoke all on all tables in schema audit_partitions from ${a}`);
      await c.query(`grant execute on function public.audit_maintain(integer) to ${a}`);
    }
    // The configured retention is the owner's to set (recordAuditRetention); the app may only read it.
    if ((await c.query("select to_regclass('public.audit_policy') as t")).rows[0]?.t) {
      await c.query(`revoke insert, update, delete, truncate on audit_policy from ${a}`);
      await c.query(`grant select on audit_policy to ${a}`);
    }
  });
}

/**
 * graphile-worker's schema (the webhook queue, lib/webhooks) for the app
 * role. Its migrations run as the owner; its worker runs as the app role in
 * every server, and the outbox calls add_job in the app's transactions, so
 * the app role gets rows and functions there, and its migrations table read
 * only. graphile-worker enables row-level security on its tables without
 * policies, which hides every row from a role that does not own them: a
 * policy for the app role alone opens them to it. Runs with the owner's
 * connection after the worker's migrations; a no-op when the app and the
 * owner are one role, or before the schema exists.
 */
export async function grantWorkerSchema(urls: { url: string; ownerUrl: string }, schema = "graphile_worker"): Promise<void> {
  const appRole = decodeURIComponent(new URL(urls.url).username);
  if (!appRole || appRole === decodeURIComponent(new URL(urls.ownerUrl).username)) return;
  await withClient(urls.ownerUrl, async (c) => {
    await c.query("select pg_advisory_lock(7270004)");
    if (!(await c.query("select to_regnamespace($1) as s", [schema])).rows[0]?.s) return;
    const [s, a] = [ident(schema), ident(appRole)];
    await c.query(`grant usage on schema ${s} to ${a}`);
    await c.query(`grant select, insert, update, delete on all tables in schema ${s} to ${a}`);
    await c.query(`grant usage, select on all sequences in schema ${s} to ${a}`);
    await c.query(`grant execute on all functions in schema ${s} to ${a}`);
    if ((await c.query("select to_regclass($1) as t", [`${schema}.migrations`])).rows[0]?.t) {
      await c.query(`revoke insert, update, delete, truncate on ${s}.migrations from ${a}`);
    }
    const policy = `all_rows_for_${appRole}`.slice(0, 63);
    const unopened = await c.query<{ table: string }>(
      `select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relkind in ('r', 'p') and c.relrowsecurity
         and not exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = $2)`,
      [schema, policy],
    );
    for (const { table } of unopened.rows) {
      await c.query(`create policy ${ident(policy)} on ${s}.${ident(table)} for all to ${a} using (true) with check (true)`);
    }
  });
}

async function withClient(url: string, fn: (c: pg.Client) => Promise<void>) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Records the configured audit retention with the owner's connection, so
 * public.audit_maintain() keeps at least that much whatever the app's
 * connection asks for (prisma/migrations/20261130050000_audit_retention_policy).
 */
export async function recordAuditRetention(ownerUrl: string, days: number): Promise<void> {
  await withClient(ownerUrl, async (c) => {
    if (!(await c.query("select to_regclass('public.audit_policy') as t")).rows[0]?.t) return;
    await c.query(
      `insert into audit_policy (id, retention_days) values (1, $1)
       on conflict (id) do update set retention_days = excluded.retention_days, updated_at = now()
       where audit_policy.retention_days <> excluded.retention_days`,
      [days],
    );
  });
}
