import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { withDatabase } from "../testing/global-setup";
import { cli } from "../testing/cli";
import { freePort } from "../testing/ports";

const adminUrl = inject("adminUrl");

async function emptyDatabase(): Promise<string> {
  const name = `secrets_t${process.ppid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return withDatabase(adminUrl, name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("start-up", () => {
  it("three processes migrating one fresh database at once apply each migration once and make one keyring", async () => {
    const url = await emptyDatabase();
    const env = { DATABASE_URL: url, SECRETS_ROOT_KEY: crypto.randomBytes(32).toString("base64") };
    const runs = await Promise.all([1, 2, 3].map(() => cli(["db", "migrate"], { env })));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    // The CLI's confirmation lines go to stderr (issue 9).
    expect(runs.filter((r) => r.stderr.startsWith("Applied:"))).toHaveLength(1);
    expect(runs.filter((r) => r.stderr.includes("up to date"))).toHaveLength(2);
    const migrations = fs.readdirSync(path.resolve(import.meta.dirname, "../../prisma/migrations")).filter((d) => /^\d/.test(d));
    const rows = await query<{ migration_name: string; n: string; finished: boolean }>(
      url,
      `select migration_name, count(*) as n, bool_and(finished_at is not null) as finished from _prisma_migrations group by 1 order by 1`,
    );
    expect(rows.map((r) => [r.migration_name, Number(r.n), r.finished])).toEqual(migrations.map((m) => [m, 1, true]));
    expect(await query(url, "select * from keks")).toHaveLength(1);
  });

  it("refuses to start on an external database without a root key, saying what to set", async () => {
    const r = await cli(["list"], { env: { DATABASE_URL: await emptyDatabase(), SECRETS_ROOT_KEY: "" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^secrets: No root key: DATABASE_URL is set, so SECRETS_ROOT_KEY .* must be set too\.\n$/);
  });

  it("refuses a malformed root key", async () => {
    const r = await cli(["list"], { env: { SECRETS_ROOT_KEY: "c2hvcnQ=" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("secrets: SECRETS_ROOT_KEY decodes to 5 bytes; it must be 32 (openssl rand -base64 32)\n");
  });

  it("refuses to start with the wrong root key and never falls back", async () => {
    const env = { DATABASE_URL: await emptyDatabase(), SECRETS_ROOT_KEY: crypto.randomBytes(32).toString("base64") };
    const refused = await cli(["create", "A"], { env, input: "v" });
    expect(refused.stderr).toBe("secrets: Create the owner account first (open the app, or: bin/secrets users create --role owner)\n");
    expect((await cli(["users", "create", "--email", "owner@example.test", "--role", "owner"], { env, input: "correct horse battery\n" })).code).toBe(0);
    expect((await cli(["create", "A"], { env, input: "v" })).code).toBe(0);
    const wrong = await cli(["get", "A"], { env: { ...env, SECRETS_ROOT_KEY: crypto.randomBytes(32).toString("base64") } });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe("");
    expect(wrong.stderr).toMatch(/^secrets: The root key \(local:[0-9a-f]{16}\) does not open this database's keyring/);
    expect((await cli(["get", "A"], { env })).stdout).toBe("v");
  });
});

describe("embedded PostgreSQL (no DATABASE_URL)", () => {
  it("generates a 0600 root key once with a warning, keeps data across restarts and stops on exit", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-embedded-"));
    const env = { DATABASE_URL: "", SECRETS_ROOT_KEY: "", SECRETS_DATA_DIR: dataDir, SECRETS_EMBEDDED_PG_PORT: String(await freePort()) };
    try {
      const first = await cli(["users", "create", "--email", "owner@example.test", "--role", "owner"], { env, input: "correct horse battery" });
      expect(first.code, first.stderr).toBe(0);
      const created = await cli(["create", "PERSISTED"], { env, input: "survives restarts" });
      expect(created).toMatchObject({ code: 0, stderr: "Created PERSISTED\n" }); // the confirmation line, no warning
      const keyFile = path.join(dataDir, "root.key");
      expect(first.stderr).toContain(`WARNING: generated a root key in ${keyFile} (mode 0600)`);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);

      const second = await cli(["get", "PERSISTED"], { env });
      expect(second).toMatchObject({ code: 0, stdout: "survives restarts", stderr: "" });

      fs.writeFileSync(keyFile, crypto.randomBytes(32).toString("base64"));
      const tampered = await cli(["get", "PERSISTED"], { env });
      expect(tampered.code).toBe(1);
      expect(tampered.stderr).toMatch(/does not open this database's keyring/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
