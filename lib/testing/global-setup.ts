import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDb } from "../db/embedded";
import { migrate } from "../db/migrate";
import { freePort } from "./ports";

/**
 * One PostgreSQL server for the whole run: DATABASE_URL's if set, otherwise
 * an embedded one in a temporary folder. A migrated template database is
 * made once; each test file clones it (lib/testing/setup.ts).
 */
let embedded: EmbeddedDb | undefined;
let dataDir: string | undefined;
let adminUrl: string;
const TEMPLATE = `secrets_template_${process.pid}`;

export async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-test-"));
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    adminUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE}`);
  await admin.query(`create database ${TEMPLATE}`);
  await admin.end();
  await migrate(withDatabase(adminUrl, TEMPLATE));
  // Secrets need an owner to exist (product.md §2); tests about first run delete it.
  const template = new pg.Client({ connectionString: withDatabase(adminUrl, TEMPLATE) });
  await template.connect();
  await template.query(
    `insert into users (id, email, email_key, role) values (gen_random_uuid(), 'owner@test.invalid', 'owner@test.invalid', 'owner')`,
  );
  await template.end();
  project.provide("adminUrl", adminUrl);
  project.provide("templateDb", TEMPLATE);
}

export async function teardown() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    `select datname from pg_database where datname like $1 or datname = $2`,
    [`secrets_t${process.pid}_%`, TEMPLATE],
  );
  for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
  await admin.end();
  await embedded?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}
