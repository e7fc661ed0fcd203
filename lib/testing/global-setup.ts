import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../db/migrate";
import { provisionDatabase, restrictAppRole } from "../db/roles";
import { freePort } from "./ports";

/**
 * One PostgreSQL server for the whole run: DATABASE_URL's (a superuser) if
 * set, otherwise an embedded one in a temporary folder. A migrated template
 * database is provisioned like production (owner and app roles, see
 * lib/db/roles.ts); each test file clones it and connects as the app role
 * (lib/testing/setup.ts).
 */
let stopEmbedded: (() => Promise<void>) | undefined;
let dataDir: string | undefined;
let adminUrl: string;
const TEMPLATE = `secrets_template_${process.pid}`;

export async function setup(project: TestProject) {
  let urls: { url: string; ownerUrl: string; adminUrl: string };
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
    const at = (user: string, password: string) => {
      const u = new URL(withDatabase(adminUrl, TEMPLATE));
      u.username = user;
      u.password = password;
      return u.toString();
    };
    urls = { adminUrl, ownerUrl: at("secrets_owner", "test-owner"), url: at("secrets_app", "test-app") };
  } else {
    // Loaded only here: importing the embedded database must cost nothing elsewhere.
    const { startEmbeddedPostgres } = await import("../db/embedded");
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-test-"));
    const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    stopEmbedded = embedded.stop;
    adminUrl = embedded.adminUrl;
    urls = { adminUrl, ownerUrl: withDatabase(embedded.ownerUrl, TEMPLATE), url: withDatabase(embedded.url, TEMPLATE) };
  }
  await withAdmin((c) => c.query(`drop database if exists ${TEMPLATE}`));
  await provisionDatabase(urls);
  await migrate(urls.ownerUrl);
  await restrictAppRole(urls);
  // Secrets need an owner to exist (product.md §2); tests about first run delete it.
  const template = new pg.Client({ connectionString: urls.ownerUrl });
  await template.connect();
  await template.query(
    `insert into users (id, email, email_key, role) values (gen_random_uuid(), 'owner@test.invalid', 'owner@test.invalid', 'owner')`,
  );
  await template.end();
  project.provide("adminUrl", adminUrl);
  project.provide("ownerUrl", urls.ownerUrl);
  project.provide("appUrl", urls.url);
  project.provide("templateDb", TEMPLATE);
}

export async function teardown() {
  await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [`secrets_t${process.pid}_%`, TEMPLATE],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
  });
  await stopEmbedded?.();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: withDatabase(adminUrl, "postgres") });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    ownerUrl: string;
    appUrl: string;
    templateDb: string;
  }
}
