import crypto from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { resetConfig } from "../config";
import { disconnectDb } from "../db/client";
import { stopListening } from "../db/notify";
import { closePool } from "../db/pool";
import { withDatabase } from "./global-setup";

/**
 * Runs before each test file: a fresh database cloned from the migrated
 * template (owned by the owner role; the app connects as the app role, as in
 * production), and a root key generated for this file only. Files that need
 * a keyring call openTestKeyring() (lib/testing/keyring.ts).
 */
const adminUrl = inject("adminUrl");
const name = `secrets_t${process.ppid}_${crypto.randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: withDatabase(adminUrl, "postgres") });
await admin.connect();
await admin.query(`create database ${name} template ${inject("templateDb")} owner secrets_owner`);
await admin.end();

process.env.DATABASE_URL = withDatabase(inject("appUrl"), name);
process.env.DATABASE_OWNER_URL = withDatabase(inject("ownerUrl"), name);
process.env.SECRETS_ROOT_KEY = crypto.randomBytes(32).toString("base64");
resetConfig();

afterAll(async () => {
  await stopListening();
  await closePool();
  await disconnectDb();
});
