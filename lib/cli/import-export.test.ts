import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, type CliResult } from "../testing/cli";
import { startServer, type TestServer } from "../testing/api-server";
import { testPrivateKeyPem } from "../testing/pem";
import { cliIn, freshDatabase, MODES } from "./test-modes";

/**
 * export then import into a fresh install gives the same secrets byte for
 * byte, and an import is all or nothing: one bad line (found by the CLI) or
 * one refused item (found by the service, inside its transaction) changes
 * nothing and names the line. In both modes.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-import-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const tag = () => crypto.randomBytes(3).toString("hex").toUpperCase();

const TRICKY = {
  PEM: testPrivateKeyPem(),
  QUOTES: `single ' double " back \` all three on one line`,
  HASH_EQ: "a#b=c # not a comment == 'x'",
  DOLLAR: "$HOME ${PATH} $(id) \\$ \\n stays a backslash-n",
  UNICODE: "ünïcödé 🔑 — 日本語\u00a0nbsp",
  CRLF: "windows\r\nline\r\n",
  EDGES: "  leading and trailing spaces  ",
  JSON: '{"private_key":"-----BEGIN KEY-----\\nabc\\n-----END KEY-----\\n","n":1}',
};

describe.each(MODES)("import and export in %s mode", (mode) => {
  const { run } = cliIn(mode);
  let freshServer: TestServer | undefined;
  afterAll(async () => freshServer?.stop());

  /** bin/secrets against a second, fresh install: its database directly, or its own API server and token. */
  async function freshInstall(): Promise<(args: string[], opts?: { input?: string }) => Promise<CliResult>> {
    const env = await freshDatabase();
    if (mode === "local") return (args, opts = {}) => cli(args, { ...opts, env });
    const made = await cli(["tokens", "create", "--name", "importer", "--scopes", "secrets:read,secrets:write"], { env });
    expect(made.code, made.stderr).toBe(0);
    freshServer = await startServer({ apiOnly: true, env });
    const remote = { SECRETS_URL: freshServer.url, SECRETS_TOKEN: made.stdout.trim() };
    return (args, opts = {}) => cli(args, { ...opts, env: remote });
  }

  it("export then import into a fresh install gives the same secrets byte for byte", { timeout: 240_000 }, async () => {
    const p = `EX_${tag()}_`;
    for (const [n, v] of Object.entries(TRICKY)) expect((await run(["create", `${p}${n}`, "--keep-newline", "-q"], { input: v })).code).toBe(0);
    const exported = await run(["export", "--prefix", p]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toBe(`Exported ${Object.keys(TRICKY).length} secrets\n`);
    const envFile = file(`${p}.env`, exported.stdout);
    const json = await run(["export", "--prefix", p, "--format", "json"]);
    expect(JSON.parse(json.stdout)).toEqual(Object.fromEntries(Object.entries(TRICKY).map(([n, v]) => [`${p}${n}`, v])));

    const fresh = await freshInstall();
    const dry = await fresh(["import", envFile, "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.split("\n").filter(Boolean)).toHaveLength(Object.keys(TRICKY).length);
    expect(dry.stdout).toMatch(new RegExp(`^would be created  ${p}`));
    expect(dry.stderr).toBe(`Dry run of ${envFile}: ${Object.keys(TRICKY).length} created, 0 updated, 0 skipped; nothing was changed\n`);
    expect((await fresh(["list", "--json"])).stdout).not.toContain(p);

    const imported = await fresh(["import", envFile]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toBe(`Imported ${envFile}: ${Object.keys(TRICKY).length} created, 0 updated, 0 skipped\n`);
    for (const [n, v] of Object.entries(TRICKY)) {
      const got = await fresh(["get", `${p}${n}`]);
      expect(Buffer.from(got.stdout).equals(Buffer.from(v)), n).toBe(true);
    }
    expect((await fresh(["export", "--prefix", p])).stdout).toBe(exported.stdout);

    // Again: everything exists. Skipped without --overwrite; with it, only what differs becomes a new version.
    const again = await fresh(["import", envFile, "--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: [], updated: [], dryRun: false });
    expect(JSON.parse(again.stdout).skipped.every((s: { reason: string }) => s.reason === "exists")).toBe(true);
    const changed = file(`${p}changed.json`, JSON.stringify({ [`${p}PEM`]: TRICKY.PEM, [`${p}QUOTES`]: "new value" }));
    const overwrite = await fresh(["import", changed, "--overwrite"]);
    expect(overwrite.stdout).toBe(`updated  ${p}QUOTES\nskipped  ${p}PEM (unchanged)\n`);
    expect((await fresh(["get", `${p}QUOTES`])).stdout).toBe("new value");
  });

  it("an import with one bad line changes nothing and names the line", async () => {
    const p = `BAD_${tag()}_`;
    const bad = file(`${p}.env`, `# new secrets\n${p}ONE=1\n${p}TWO='two'\n${p}THREE = "3" # ok\nthis line is no assignment\n${p}FOUR=4\n`);
    const r = await run(["import", bad]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toBe(`secrets: ${bad}:5: not a NAME=value line (a value with line breaks must be quoted)\nnothing was imported\n`);
    expect((await run(["list", "--json"])).stdout).not.toContain(p);
  });

  it("an item the service refuses inside the transaction (a name kept as an alias) changes nothing and names the line", async () => {
    const p = `ALIAS_${tag()}_`;
    expect((await run(["create", `${p}OLD`, "-q"], { input: "v" })).code).toBe(0);
    expect((await run(["update", `${p}OLD`, "--name", `${p}NEW`, "-q"])).code).toBe(0);
    const f = file(`${p}.env`, `${p}FIRST=1\n${p}OLD=2\n${p}LAST=3\n`);
    const r = await run(["import", f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`secrets: ${f}:2: name: "${p}OLD" is still an alias of a renamed secret; import it under another name\nnothing was imported\n`);
    const listed = (await run(["list", "--json"])).stdout;
    expect(listed).not.toContain(`${p}FIRST`);
    expect(listed).not.toContain(`${p}LAST`);
  });

  it("export refuses a secret dotenv cannot read back, naming it, and prints nothing", async () => {
    const p = `HARD_${tag()}_`;
    expect((await run(["create", `${p}OK`, "-q"], { input: "fine" })).code).toBe(0);
    expect((await run(["create", `${p}ALL`, "-q"], { input: "'\"`\nall three quotes and a line break" })).code).toBe(0);
    const r = await run(["export", "--prefix", p]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toMatch(new RegExp(`^secrets: cannot export "${p}ALL" to a \\.env file: its value holds ' " \` quotes and a line break`));
    expect((await run(["export", "--prefix", p, "--format", "json"])).code).toBe(0);
  });
});
