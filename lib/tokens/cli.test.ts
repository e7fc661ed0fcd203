import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { stopListening } from "../db/notify";
import { closePool } from "../db/pool";
import { UnauthorizedError } from "../errors";
import { cli } from "../testing/cli";
import { authenticateToken } from "./authenticate";
import { TOKEN_PATTERN } from "./format";

const name = (p = "cli") => `${p}.${crypto.randomBytes(4).toString("hex")}`;
type Listed = { name: string; prefix: string; scopes: string[]; namePatterns: string[]; status: string; expiresAt: string | null; createdBy: string; reads: number };
const listed = async () => (JSON.parse((await cli(["tokens", "list", "--json"])).stdout) as { tokens: Listed[] }).tokens;

afterAll(async () => {
  await stopListening();
  await closePool();
});

describe("bin/secrets tokens", () => {
  it("create prints the token and nothing else on stdout; the confirmation goes to stderr", async () => {
    const n = name("Backend");
    const r = await cli(["tokens", "create", "--name", n, "--scopes", "secrets:read,secrets:write", "--expires-in", "90d", "--names", "STRIPE_*, PAYPAL_*"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^smk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}\n$/);
    const token = r.stdout.trim();
    expect(token).toMatch(TOKEN_PATTERN);
    expect(r.stderr).toContain(`Created API token "${n}" (secrets:read, secrets:write; secrets: STRIPE_*, PAYPAL_*; expires `);
    expect(r.stderr).toContain("printed only this once");
    expect(r.stderr).not.toContain(token.slice(21));

    const p = await authenticateToken(token);
    expect(p).toMatchObject({ name: n, scopes: ["secrets:read", "secrets:write"], namePatterns: ["STRIPE_*", "PAYPAL_*"], caller: `token:${n}` });
    const row = (await listed()).find((t) => t.name === n)!;
    expect(row).toMatchObject({ status: "active", createdBy: expect.stringMatching(/^cli:/), prefix: `${token.slice(0, 21)}…` });
    const days = (new Date(row.expiresAt!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
  });

  it("list shows names, prefixes, scopes and status, never a token", async () => {
    const n = name();
    const token = (await cli(["tokens", "create", "--name", n, "--scopes", "secrets:read"])).stdout.trim();
    const table = await cli(["tokens", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME +PREFIX +SCOPES +SECRETS +STATUS +EXPIRES +LAST USED +READS +CREATED BY\n/);
    const line = table.stdout.split("\n").find((l) => l.startsWith(`${n} `))!;
    expect(line).toMatch(/ secrets:read +every secret +active +never +never +0 +cli:/);
    expect(table.stdout).not.toContain(token.slice(21));
    const json = await cli(["tokens", "list", "--json"]);
    expect(json.stdout).not.toContain(token.slice(21));
    expect(JSON.parse(json.stdout).tokens.find((t: Listed) => t.name === n)).toMatchObject({ expiresAt: null, namePatterns: [], reads: 0 });
  });

  it("revoke NAME: the token is refused, listed as revoked, and cannot be revoked twice", async () => {
    const n = name("Revoked");
    const token = (await cli(["tokens", "create", "--name", n, "--scopes", "secrets:read"])).stdout.trim();
    await authenticateToken(token);
    const r = await cli(["tokens", "revoke", n.toLowerCase()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r).toMatchObject({ stdout: "", stderr: `Revoked ${n} (${token.slice(0, 21)}…); code using it is refused from now on\n` });
    await expect.poll(() => authenticateToken(token).then(() => "accepted", (e: unknown) => e instanceof UnauthorizedError && e.message), { timeout: 1000, interval: 20 }).toMatch(/was revoked/);
    expect((await listed()).find((t) => t.name === n)!.status).toBe("revoked");
    const again = await cli(["tokens", "revoke", n]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^secrets: API token ".*" was already revoked on \d{4}-/);
    const taken = await cli(["tokens", "create", "--name", n, "--scopes", "secrets:read"]);
    expect(taken).toMatchObject({ code: 1, stdout: "" });
    expect(taken.stderr).toMatch(/already exists.*revoked/);
  });

  it("refusals are one line on stderr naming the flag, and print no token", async () => {
    const cases: [string[], RegExp, number][] = [
      [["tokens", "create", "--scopes", "secrets:read"], /^secrets: required option --name not specified \(see secrets tokens create --help\)\n$/, 2],
      [["tokens", "create", "--name", name()], /^secrets: required option --scopes not specified/, 2],
      [["tokens", "create", "extra", "--name", name(), "--scopes", "secrets:read"], /^secrets: unexpected argument "extra"/, 2],
      [["tokens", "create", "--name", "bad name", "--scopes", "secrets:read"], /^secrets: --name: may contain only letters, digits and _ \+ = - @ # \$ \. \(found a space\)\n$/, 1],
      [["tokens", "create", "--name", name(), "--scopes", ""], /^secrets: --scopes: needs at least one scope/, 1],
      [["tokens", "create", "--name", name(), "--scopes", "secrets:read,secrets:admin"], /^secrets: --scopes: "secrets:admin" must be secrets:read or secrets:write\n$/, 1],
      [["tokens", "create", "--name", name(), "--scopes", "secrets:read", "--expires-in", "3 months"], /^secrets: --expires-in: "3 months" is not a duration/, 1],
      [["tokens", "create", "--name", name(), "--scopes", "secrets:read", "--expires-in", "6y"], /^secrets: --expires-in: must be at most 5 years/, 1],
      [["tokens", "create", "--name", name(), "--scopes", "secrets:read", "--names", "OK_*,NOT OK"], /^secrets: --names: "NOT OK" may contain only/, 1],
      [["tokens", "revoke", "no.such.token"], /^secrets: No API token named "no.such.token"\n$/, 1],
      [["tokens", "revoke"], /^secrets: missing required argument "NAME"/, 2],
    ];
    for (const [args, stderr, code] of cases) {
      const r = await cli(args);
      expect(r.stderr, args.join(" ")).toMatch(stderr);
      expect(r.code, args.join(" ")).toBe(code);
      expect(r.stdout, args.join(" ")).not.toMatch(/smk_/);
    }
  });

  it("--help explains the token is printed once", async () => {
    const r = await cli(["tokens", "create", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: secrets tokens create \[options\]\n/);
    expect(r.stdout).toMatch(/--name <N> .*\n\s+--scopes <LIST> +secrets:read, secrets:write or both/);
    expect(r.stdout).toContain("cannot be shown again");
  });
});
