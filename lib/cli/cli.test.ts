import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { cli } from "../testing/cli";

const name = (p = "CLI") => `${p}_${crypto.randomBytes(4).toString("hex")}`;

describe("bin/secrets", () => {
  it("create reads the value from stdin and prints the id; get prints the value byte for byte", async () => {
    const n = name();
    const value = "line one\nline two\n  ünïcödé 🔑\n";
    const created = await cli(["create", n, "--description", "from the CLI"], { input: value });
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const got = await cli(["get", n]);
    expect(got.code).toBe(0);
    expect(Buffer.from(got.stdout).equals(Buffer.from(value))).toBe(true);
  });

  it("list --json shows metadata and never values", async () => {
    const n = name();
    await cli(["create", n], { input: "list-should-not-show-this" });
    const listed = await cli(["list", "--json"]);
    expect(listed.code).toBe(0);
    const parsed = JSON.parse(listed.stdout) as { secrets: { name: string }[] };
    expect(parsed.secrets.some((s) => s.name === n)).toBe(true);
    expect(listed.stdout).not.toContain("list-should-not-show-this");
    expect((await cli(["list"])).stdout).toContain(n);
  });

  it("update, versions, delete, trash and restore work by name or id", async () => {
    const n = name();
    const id = (await cli(["create", n], { input: "one" })).stdout.trim();
    expect((await cli(["update", n, "--value-stdin"], { input: "two" })).code).toBe(0);
    expect((await cli(["update", id, "--name", `${n}_B`, "--description", "renamed"])).code).toBe(0);
    expect((await cli(["get", `${n}_B`])).stdout).toBe("two");
    const versions = await cli(["versions", `${n}_B`, "--json"]);
    expect(JSON.parse(versions.stdout).versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await cli(["versions", id, "--restore", "1"])).code).toBe(0);
    expect((await cli(["get", `${n}_B`])).stdout).toBe("one");
    expect((await cli(["delete", `${n}_B`])).code).toBe(0);
    expect((await cli(["trash"])).stdout).toContain(`${n}_B`);
    expect((await cli(["get", `${n}_B`])).code).toBe(1);
    expect((await cli(["restore", `${n}_B`])).code).toBe(0);
    expect((await cli(["get", `${n}_B`])).stdout).toBe("one");
  });

  it("fails with one line on stderr and a non-zero code, never echoing the value", async () => {
    const cases: [string[], string | undefined, RegExp, number][] = [
      [["create", "bad name"], "s3cret-value", /^secrets: name: may contain only letters.*found a space\)\n$/, 1],
      [["create", name()], "", /^secrets: value: is required\n$/, 1],
      [["create", name()], "x".repeat(65537), /^secrets: value: must be at most 65536 bytes/, 1],
      [["get", "NO_SUCH_SECRET"], undefined, /^secrets: No secret named "NO_SUCH_SECRET"\n$/, 1],
      [["delete", "NO_SUCH_SECRET"], undefined, /^secrets: No secret named "NO_SUCH_SECRET"\n$/, 1],
      [["update", "NO_SUCH_SECRET", "--name", "X"], undefined, /^secrets: No secret named/, 1],
      [["frobnicate"], undefined, /^secrets: unknown command "frobnicate"/, 2],
      [["list", "--bogus"], undefined, /^secrets: unknown option --bogus \(see --help\)\n$/, 2],
      [["create"], "v", /^secrets: expected exactly one NAME/, 2],
    ];
    for (const [args, input, stderr, code] of cases) {
      const r = await cli(args, { input });
      expect(r.stderr, args.join(" ")).toMatch(stderr);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.code, args.join(" ")).toBe(code);
      expect(r.stdout + r.stderr).not.toContain("s3cret-value");
    }
  });

  it("refuses a name that differs only in case", async () => {
    const n = name("Case");
    await cli(["create", n], { input: "v" });
    const r = await cli(["create", n.toUpperCase()], { input: "v" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists .*differ only in letter case/);
  });

  it("has --help for every command", async () => {
    const top = await cli(["--help"]);
    expect(top.code).toBe(0);
    const commands = ["create", "get", "list", "update", "delete", "restore", "trash", "purge", "versions", "keys status", "keys rotate", "keys retire", "keys rotate-root", "db migrate", "serve", "users create", "users list", "users set-role", "users disable", "users enable"];
    for (const c of commands) {
      expect(top.stdout).toContain(c);
      const r = await cli([...c.split(" "), "--help"]);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(new RegExp(`^usage: secrets ${c}`));
    }
  });

  it("keys status and rotate report on the keyring", async () => {
    await cli(["create", name()], { input: "v" });
    const before = await cli(["keys", "status"]);
    expect(before.stdout).toMatch(/root key: local:[0-9a-f]{16} \(from env\)/);
    const rotated = await cli(["keys", "rotate", "--batch-size", "2"]);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/^rotated: KEK [0-9a-f-]{36} is active; \d+ data keys re-wrapped\n$/);
    const after = await cli(["keys", "status"]);
    const rows = after.stdout.trim().split("\n").slice(2);
    expect(rows.filter((r) => r.endsWith("active"))).toHaveLength(1);
    expect(rows.filter((r) => !r.endsWith("active")).every((r) => /\s0$/.test(r))).toBe(true);
  });
});

describe("bin/secrets users", () => {
  it("creates, lists, changes roles, disables and enables users; the last owner stays", async () => {
    const email = `${name("u").toLowerCase()}@example.test`;
    const created = await cli(["users", "create", "--email", email, "--role", "admin", "--name", "Ada"], { input: "a long enough password\n" });
    expect(created.code, created.stderr).toBe(0);
    const listed = JSON.parse((await cli(["users", "list", "--json"])).stdout) as { users: { email: string; role: string; disabled: boolean }[] };
    expect(listed.users.find((u) => u.email === email)).toMatchObject({ role: "admin", disabled: false });
    expect(JSON.stringify(listed)).not.toContain("password");
    expect((await cli(["users", "set-role", email, "member"])).stdout).toBe(`${email} is now member\n`);
    expect((await cli(["users", "disable", email])).code).toBe(0);
    expect((await cli(["users", "list"])).stdout).toMatch(new RegExp(`${email}\\s+member\\s+disabled`));
    expect((await cli(["users", "enable", email])).code).toBe(0);

    const short = await cli(["users", "create", "--email", `x${email}`, "--role", "member"], { input: "short" });
    expect(short).toMatchObject({ code: 1, stderr: "secrets: password: must be at least 12 characters\n" });
    const dup = await cli(["users", "create", "--email", email.toUpperCase(), "--role", "member"], { input: "a long enough password" });
    expect(dup.stderr).toMatch(/already exists/);
    const badRole = await cli(["users", "set-role", email, "root"]);
    expect(badRole.stderr).toBe("secrets: role: must be owner, admin or member\n");
    const lastOwner = await cli(["users", "disable", "owner@test.invalid"]);
    expect(lastOwner).toMatchObject({ code: 1, stderr: "secrets: The last owner cannot be disabled\n" });
  });
});
