import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../testing/ports";
import { startEmbeddedPostgres, type EmbeddedDb } from "./embedded";

/**
 * The embedded PostgreSQL as `npm start` runs it: its own cluster in a
 * temporary data folder, started by this file.
 */
let db: EmbeddedDb;
let dataDir: string;
const tmpBefore = new Set(fs.readdirSync(os.tmpdir()));

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-embedded-test-"));
  db = await startEmbeddedPostgres({ dataDir, port: await freePort() });
});

afterAll(async () => {
  await db?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("gives the postmaster a minimal environment: no root key, no app settings", () => {
    const pid = Number(fs.readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
    const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
    const names = environ.map((e) => e.slice(0, e.indexOf("=")));
    expect(process.env.SECRETS_ROOT_KEY).toBeTruthy();
    expect(environ.join("\n")).not.toContain(process.env.SECRETS_ROOT_KEY!);
    expect(names.filter((n) => /^(SECRETS_|DATABASE_|AUTH_)/.test(n))).toEqual([]);
    expect(names.sort()).toEqual(["LANG", "LC_ALL", "PATH", "TZ"]);
  });

  it("keeps its passwords out of world-readable places", () => {
    expect(fs.statSync(path.join(dataDir, "pg-password")).mode & 0o077).toBe(0);
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith(".initdb"))).toEqual([]);
    const leftovers = fs.readdirSync(os.tmpdir()).filter((f) => !tmpBefore.has(f) && /pg-password|pwfile/.test(f));
    expect(leftovers).toEqual([]);
  });

  it("connects the app as a role that can change rows but not the schema, run programs or read server files", async () => {
    expect(new URL(db.url).username).toBe("secrets_app");
    const role = (await query(db.url, "select rolsuper, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user")).rows[0];
    expect(role).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });
    for (const sql of [
      "copy (select 1) to program 'true'",
      "select pg_read_file('/etc/hostname')",
      "create table intruder (x int)",
      "create schema intruder",
    ]) {
      await expect(query(db.url, sql), sql).rejects.toThrow(/permission denied|must be|not allowed/i);
    }
  });

  it("runs migrations as an owner role that is not a superuser either", async () => {
    await query(db.ownerUrl, "create table owner_can (x int)");
    await expect(query(db.ownerUrl, "copy (select 1) to program 'true'")).rejects.toThrow(/permission denied|must be/i);
    // What the owner creates, the app can use (default privileges).
    await query(db.url, "insert into owner_can values (1)");
    expect((await query(db.url, "select count(*)::int as n from owner_can")).rows[0]).toEqual({ n: 1 });
  });

  it("a second start finds the running postmaster instead of starting another, and stop() ends it", async () => {
    const port = Number(new URL(db.url).port);
    const second = await startEmbeddedPostgres({ dataDir, port });
    expect(second.owned).toBe(false);
    await second.stop();
    expect((await query(second.url, "select 1 as ok")).rows[0]).toEqual({ ok: 1 });
  });
});
