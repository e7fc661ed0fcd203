import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../testing/cli";
import { startServer, type TestServer } from "../testing/api-server";
import { createToken } from "../tokens/service";

/**
 * `secrets login URL` saves the URL and a checked token in a file only the
 * user can read; the secrets commands then run in remote mode without any
 * variable set; a saved token never goes to another URL; logout forgets it.
 */
let server: TestServer;
let token = "";
const home = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-login-"));
const file = path.join(home, "secrets-manager", "credentials.json");
// No database for the CLI: whatever works below worked over the API.
const env = { XDG_CONFIG_HOME: home, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" };

beforeAll(async () => {
  token = (await createToken({ id: "test", source: "test" }, { name: "login-test", scopes: ["secrets:read", "secrets:write"] })).token;
  server = await startServer({ apiOnly: true });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

describe("secrets login and logout", () => {
  it("checks the token, saves it 0600 with the URL, and remote mode works from the saved login alone", async () => {
    const wrong = await cli(["login", server.url], { env, input: `smk_0123456789abcdef_${"x".repeat(43)}\n` });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(new RegExp(`^secrets: the server at ${server.url} refused the token \\(.*\\); nothing was saved\\n$`));
    expect(fs.existsSync(file)).toBe(false);

    const r = await cli(["login", server.url], { env, input: `${token}\n` });
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: `Logged in to ${server.url}; the token is saved in ${file} (readable only by you)\n` });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ url: server.url, token });

    const n = `LOGIN_${crypto.randomBytes(4).toString("hex")}`;
    expect((await cli(["create", n, "-q"], { env, input: "over the API" })).code).toBe(0);
    expect(await cli(["get", n], { env })).toMatchObject({ code: 0, stdout: "over the API" });
    const local = await cli(["users", "list"], { env });
    expect(local.stderr).toMatch(/needs local mode .* without SECRETS_URL \(after secrets logout\)\n$/);

    // The saved token is for the saved URL only.
    const elsewhere = await cli(["list"], { env: { ...env, SECRETS_URL: "https://elsewhere.example" } });
    expect(elsewhere).toMatchObject({ code: 1, stderr: "secrets: SECRETS_URL is set (https://elsewhere.example) but SECRETS_TOKEN is not: set it to an API token, or run secrets login https://elsewhere.example\n" });

    expect(await cli(["logout"], { env })).toMatchObject({ code: 0, stderr: `Logged out: removed ${file}\n` });
    expect(fs.existsSync(file)).toBe(false);
    expect(await cli(["logout"], { env })).toMatchObject({ code: 0, stderr: `Not logged in (no ${file})\n` });
    // Local mode again: the database above does not exist.
    expect((await cli(["get", n], { env })).code).toBe(1);
  });

  it("a damaged credentials file is named, and logout still removes it", async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "{ not json", { mode: 0o600 });
    const r = await cli(["list"], { env });
    expect(r).toMatchObject({ code: 1, stderr: `secrets: ${file} is not a saved login (expected {"url","token"}): run secrets login URL again, or secrets logout\n` });
    expect((await cli(["logout"], { env })).code).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
  });
});
