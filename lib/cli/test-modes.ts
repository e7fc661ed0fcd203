import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { withDatabase } from "../testing/global-setup";
import { cli, type CliResult } from "../testing/cli";
import { startServer, type TestServer } from "../testing/api-server";
import { createToken } from "../tokens/service";

/**
 * The CLI's tests run twice, once per mode: local (bin/secrets on this test
 * file's database) and remote (bin/secrets against `serve --api-only` on the
 * same database, with an API token in SECRETS_URL/SECRETS_TOKEN). A test
 * written with `run` passes in both or the modes differ.
 */
export type CliMode = "local" | "remote";
export const MODES: CliMode[] = ["local", "remote"];

type Run = (args: string[], opts?: { env?: Record<string, string | undefined>; input?: string | Buffer }) => Promise<CliResult>;

/** Call inside a describe block: registers the server's start and stop for remote mode. */
export function cliIn(mode: CliMode): { run: Run; remoteEnv(): Record<string, string> } {
  let server: TestServer | undefined;
  let token = "";
  if (mode === "remote") {
    beforeAll(async () => {
      token = (await createToken({ id: "test", source: "test" }, { name: `cli-${crypto.randomBytes(4).toString("hex")}`, scopes: ["secrets:read", "secrets:write"] })).token;
      server = await startServer({ apiOnly: true });
    }, 120_000);
    afterAll(async () => server?.stop());
  }
  const remoteEnv = (): Record<string, string> => (server ? { SECRETS_URL: server.url, SECRETS_TOKEN: token } : {});
  return {
    run: (args, opts = {}) => cli(args, { ...opts, env: { ...remoteEnv(), ...opts.env } }),
    remoteEnv,
  };
}

/**
 * A second, fresh install for round trips: a database cloned from the
 * migrated template (an owner and nothing else), with a root key of its
 * own. Dropped with the others at the end of the run.
 */
export async function freshDatabase(): Promise<Record<string, string>> {
  const name = `secrets_t${process.ppid}_${crypto.randomBytes(4).toString("hex")}_fresh`;
  const admin = new pg.Client({ connectionString: withDatabase(inject("adminUrl"), "postgres") });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${inject("templateDb")} owner secrets_owner`);
  } finally {
    await admin.end();
  }
  return {
    DATABASE_URL: withDatabase(inject("appUrl"), name),
    DATABASE_OWNER_URL: withDatabase(inject("ownerUrl"), name),
    SECRETS_ROOT_KEY: crypto.randomBytes(32).toString("base64"),
  };
}
