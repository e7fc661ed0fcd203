import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cli } from "../testing/cli";
import { cliIn, MODES } from "./test-modes";

const name = (p = "CLI") => `${p}_${crypto.randomBytes(4).toString("hex")}`;

describe.each(MODES)("bin/secrets in %s mode", (mode) => {
  const { run } = cliIn(mode);

  it("create reads the value from stdin and prints the id; get prints the value byte for byte", async () => {
    const n = name();
    const value = "line one\nline two\n  ünïcödé 🔑\n";
    const created = await run(["create", n, "--description", "from the CLI", "--keep-newline"], { input: value });
    expect(created).toMatchObject({ code: 0, stderr: `Created ${n}\n` });
    expect(created.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const got = await run(["get", n]);
    expect(got).toMatchObject({ code: 0, stderr: "" });
    expect(Buffer.from(got.stdout).equals(Buffer.from(value))).toBe(true);
  });

  it("removes one trailing newline from stdin by default and says so; --quiet keeps stderr for notes only", async () => {
    const n = name();
    const created = await run(["create", n], { input: "echoed\n" });
    expect(created.code).toBe(0);
    expect(created.stderr).toBe(`note: removed the trailing newline from the value; use --keep-newline to keep it\nCreated ${n}\n`);
    expect((await run(["get", n])).stdout).toBe("echoed");
    const quiet = await run(["create", name(), "--quiet"], { input: "printf-style" });
    expect(quiet).toMatchObject({ code: 0, stderr: "" });
    const twoLines = await run(["update", n, "--value-stdin", "-q"], { input: "a\n\n" });
    expect(twoLines.stderr).toMatch(/^note: removed the trailing newline/);
    expect((await run(["get", n])).stdout).toBe("a\n");
  });

  it("list --json shows metadata and never values", async () => {
    const n = name();
    await run(["create", n], { input: "list-should-not-show-this" });
    const listed = await run(["list", "--json"]);
    expect(listed.code).toBe(0);
    const parsed = JSON.parse(listed.stdout) as { secrets: { id: string; name: string; description: string; createdDate: string; updatedDate: string }[] };
    expect(Object.keys(parsed.secrets.find((s) => s.name === n)!)).toEqual(["id", "name", "description", "createdDate", "updatedDate"]);
    expect(listed.stdout).not.toContain("list-should-not-show-this");
    expect((await run(["list"])).stdout).toMatch(new RegExp(`^NAME\\s+ID\\s+UPDATED\\s+DESCRIPTION\\n[\\s\\S]*${n}`));
  });

  it("update, versions and delete work by name or id, each with a confirmation line on stderr", async () => {
    const n = name();
    const id = (await run(["create", n], { input: "one" })).stdout.trim();
    expect(await run(["update", n, "--value-stdin"], { input: "two" })).toMatchObject({ code: 0, stdout: "", stderr: `Updated ${n} (value)\n` });
    const renamed = await run(["update", id, "--name", `${n}_B`, "--description", "renamed"]);
    expect(renamed).toMatchObject({ code: 0, stdout: "" });
    expect(renamed.stderr).toMatch(new RegExp(`^Updated ${n}_B \\(name, description\\)\\n"${n}" still answers as an alias until \\d{4}-\\S+Z\\n$`));
    expect(await run(["update", `${n}_B`, "--description", "renamed"])).toMatchObject({ code: 0, stderr: `Nothing changed for ${n}_B\n` });
    expect((await run(["update", `${n}_B`, "--description", "x", "--quiet"])).stderr).toBe("");
    expect((await run(["get", `${n}_B`])).stdout).toBe("two");

    const versions = await run(["versions", `${n}_B`, "--json"]);
    expect(JSON.parse(versions.stdout).versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await run(["versions", `${n}_B`])).stdout).toMatch(/^VERSION\s+CREATED\s+BY\s+BYTES\s+FINGERPRINT\n2\s+\S+\s+\S+\s+3\s+\S+\s+current\n1\s/);
    const restored = await run(["versions", id, "--restore", "1"]);
    expect(restored).toMatchObject({ code: 0, stderr: `Restored version 1 of ${n}_B (as a new version)\n` });
    expect(restored.stdout).toMatch(/^VERSION.*\n3\s.*current\n/);
    expect((await run(["get", `${n}_B`])).stdout).toBe("one");

    const deleted = await run(["delete", `${n}_B`]);
    expect(deleted).toMatchObject({ code: 0, stdout: "", stderr: `Moved ${n}_B to the trash (${id}); it can be restored for 30 days\n` });
    expect((await run(["get", `${n}_B`])).code).toBe(1);
  });

  it("a read through an old name kept as an alias works and warns on stderr", async () => {
    const n = name("OLD");
    await run(["create", n], { input: "aliased" });
    expect((await run(["update", n, "--name", `${n}_NEW`, "--alias-days", "3"])).code).toBe(0);
    const got = await run(["get", n]);
    expect(got).toMatchObject({ code: 0, stdout: "aliased" });
    expect(got.stderr).toMatch(new RegExp(`^warning: Secret "${n}" was renamed to "${n}_NEW"; the old name stops working at \\d{4}-\\S+Z\\. Read "${n}_NEW" instead\\.\\n$`));
    const gone = await run(["update", `${n}_NEW`, "--name", `${n}_LAST`, "--no-alias"]);
    expect(gone.stderr).toContain(`"${n}_NEW" no longer answers: code asking for it fails from now on`);
    expect((await run(["get", `${n}_NEW`])).code).toBe(1);
  });

  it("fails with one line on stderr and a non-zero code, never echoing the value", async () => {
    const cases: [string[], string | undefined, RegExp, number][] = [
      [["create", "bad name"], "s3cret-value", /^secrets: name: may contain only letters.*found a space\)\n$/, 1],
      [["create", name()], "", /^secrets: value: is required\n$/, 1],
      [["create", name()], "x".repeat(65537), /^secrets: value: must be at most 65536 bytes/, 1],
      [["get", "NO_SUCH_SECRET"], undefined, /^secrets: No secret named "NO_SUCH_SECRET"\n$/, 1],
      [["delete", "NO_SUCH_SECRET"], undefined, /^secrets: No secret named "NO_SUCH_SECRET"\n$/, 1],
      [["update", "NO_SUCH_SECRET", "--name", "X"], undefined, /^secrets: No secret named/, 1],
      [["versions", crypto.randomUUID()], undefined, /^secrets: No secret with id [0-9a-f-]{36}\n$/, 1],
      [["frobnicate"], undefined, /^secrets: unknown command "frobnicate" \(see secrets --help\)\n$/, 2],
      [["list", "--bogus"], undefined, /^secrets: unknown option --bogus \(see secrets list --help\)\n$/, 2],
      [["list", "extra"], undefined, /^secrets: unexpected argument "extra" \(see secrets list --help\)\n$/, 2],
      [["get", "A", "B"], undefined, /^secrets: unexpected argument "B" \(see secrets get --help\)\n$/, 2],
      [["create"], "s3cret-value", /^secrets: missing required argument "NAME" \(see secrets create --help\)\n$/, 2],
      [["update", "X"], undefined, /^secrets: nothing to change: give --name, --description or --value-stdin \(see secrets update --help\)\n$/, 2],
      [["update", "X", "--name", "Y", "--alias-days", "91"], undefined, /^secrets: --alias-days must be a whole number of days from 1 to 90/, 2],
      [["update", "X", "--name", "Y", "--alias-days", "3", "--no-alias"], undefined, /^secrets: give --alias-days or --no-alias, not both/, 2],
      [["update", "X", "--description", "x", "--no-alias"], undefined, /^secrets: --alias-days and --no-alias go with --name/, 2],
      [["versions", "X", "--restore", "two"], undefined, /^secrets: --restore needs a version number \(got "two"\)/, 2],
      [["run"], undefined, /^secrets: missing required argument "command" \(see secrets run --help\)\n$/, 2],
    ];
    for (const [args, input, stderr, code] of cases) {
      const r = await run(args, { input });
      expect(r.stderr, args.join(" ")).toMatch(stderr);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.code, args.join(" ")).toBe(code);
      expect(r.stdout + r.stderr).not.toContain("s3cret-value");
    }
  });

  it("refuses a name that differs only in case", async () => {
    const n = name("Case");
    await run(["create", n], { input: "v" });
    const r = await run(["create", n.toUpperCase()], { input: "v" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists .*differ only in letter case/);
  });

  it.runIf(mode === "remote")("commands that need the database say so and change nothing", async () => {
    for (const args of [["users", "list"], ["keys", "status"], ["tokens", "list"], ["webhooks", "list"], ["trash"], ["restore", "X"], ["aliases"], ["db", "migrate"]]) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr, args.join(" ")).toBe(
        `secrets: ${args[0] === "restore" ? "restore" : args.join(" ")} needs local mode (direct access to the database; the REST API has no such operation). Run it where the database is, without SECRETS_URL\n`,
      );
    }
  });

  it.runIf(mode === "remote")("loads no database code: the remote bundle is commander, the SDK and the commands", async () => {
    // A database that does not exist: remote mode must not even look at it.
    const r = await run(["list"], { env: { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" } });
    expect(r.code, r.stderr).toBe(0);
    const bundle = path.join(path.dirname(BIN), "../node_modules/.cache/secrets-cli/cli.mjs");
    const inputs = JSON.parse(fs.readFileSync(`${bundle}.inputs.json`, "utf8")) as string[];
    expect(inputs.filter((f) => !/^lib\/(cli|sdk)\//.test(f))).toEqual([]);
    expect(inputs).not.toContain("lib/cli/local.ts");
    const imports = [...fs.readFileSync(bundle, "utf8").matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.filter((m) => !m!.startsWith("node:"))).toEqual(["commander"]);
  });
});

describe("bin/secrets help", () => {
  it("has --help for every command and every group", async () => {
    const top = await cli(["--help"]);
    expect(top.code).toBe(0);
    const commands = [
      ...["create", "get", "list", "update", "delete", "versions", "import", "export", "run", "login", "logout"],
      ...["restore", "trash", "purge", "aliases", "keys status", "keys rotate", "keys retire", "keys rotate-root", "db migrate"],
      ...["users create", "users list", "users set-role", "users disable", "users enable", "tokens create", "tokens list", "tokens revoke"],
      ...["webhooks add", "webhooks list", "webhooks remove", "webhooks deliveries"],
    ];
    for (const c of commands) {
      expect(top.stdout).toContain(c.split(" ")[0]);
      const r = await cli([...c.split(" "), "--help"]);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(new RegExp(`^Usage: secrets ${c} `));
    }
    for (const group of ["keys", "users", "tokens", "webhooks", "db"]) {
      const r = await cli([group, "--help"]);
      expect(r.code, group).toBe(0);
      const subcommands = commands.filter((c) => c.startsWith(`${group} `)).map((c) => c.split(" ")[1]!);
      for (const s of subcommands) expect(r.stdout, group).toMatch(new RegExp(`^  ${s} `, "m"));
      // A group alone is a usage error that shows the same list.
      const bare = await cli([group]);
      expect(bare.code, group).toBe(2);
      expect(bare.stderr).toContain(`Usage: secrets ${group} <command>`);
    }
    expect((await cli(["serve", "--help"])).stdout).toMatch(/^usage: secrets serve/);
    expect((await cli(["help", "create"])).stdout).toMatch(/^Usage: secrets create /);
    expect((await cli([])).code).toBe(2);
  });
});

describe("bin/secrets local-only commands", () => {
  it("keys status and rotate report on the keyring; retire names a bad id", async () => {
    await cli(["create", name()], { input: "v" });
    const before = await cli(["keys", "status"]);
    expect(before.stdout).toMatch(/root key: local:[0-9a-f]{16} \(from env\)/);
    const rotated = await cli(["keys", "rotate", "--batch-size", "2"]);
    expect(rotated.code).toBe(0);
    expect(rotated.stderr).toMatch(/\nRotated: KEK [0-9a-f-]{36} is active; \d+ data keys re-wrapped\n$/);
    const after = await cli(["keys", "status"]);
    const rows = after.stdout.trim().split("\n").slice(2);
    expect(rows.filter((r) => r.endsWith("active"))).toHaveLength(1);
    expect(rows.filter((r) => !r.endsWith("active")).every((r) => /\s0$/.test(r))).toBe(true);
    const json = JSON.parse((await cli(["keys", "status", "--json"])).stdout) as { keks: { id: string; active: boolean; deks: number }[] };
    const idle = json.keks.find((k) => !k.active)!;

    expect(await cli(["keys", "retire", "nonsense"])).toMatchObject({ code: 1, stderr: 'secrets: KEK_ID: "nonsense" is not a KEK id (a UUID); see secrets keys status\n' });
    const unknown = crypto.randomUUID();
    expect(await cli(["keys", "retire", unknown])).toMatchObject({ code: 1, stderr: `secrets: No KEK with id ${unknown} (see secrets keys status)\n` });
    expect(await cli(["keys", "retire", idle.id])).toMatchObject({ code: 0, stderr: `Retired KEK ${idle.id}\n` });
    expect((await cli(["keys", "retire"])).code).toBe(2);
  });

  it("users: creates, lists, changes roles, disables and enables; the last owner stays", async () => {
    const email = `${name("u").toLowerCase()}@example.test`;
    const created = await cli(["users", "create", "--email", email, "--role", "admin", "--name", "Ada"], { input: "a long enough password\n" });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(created.stderr).toBe(`Created admin ${email}\n`);
    const listed = JSON.parse((await cli(["users", "list", "--json"])).stdout) as { users: { email: string; role: string; disabled: boolean }[] };
    expect(listed.users.find((u) => u.email === email)).toMatchObject({ role: "admin", disabled: false });
    expect(JSON.stringify(listed)).not.toContain("password");
    expect(await cli(["users", "set-role", email, "member"])).toMatchObject({ code: 0, stdout: "", stderr: `${email} is now member\n` });
    expect((await cli(["users", "disable", email])).code).toBe(0);
    expect((await cli(["users", "list"])).stdout).toMatch(new RegExp(`${email}\\s+member\\s+disabled`));
    expect(await cli(["users", "enable", email, "--quiet"])).toMatchObject({ code: 0, stderr: "" });

    const short = await cli(["users", "create", "--email", `x${email}`, "--role", "member"], { input: "short" });
    expect(short).toMatchObject({ code: 1, stderr: "secrets: password: must be at least 12 characters\n" });
    const dup = await cli(["users", "create", "--email", email.toUpperCase(), "--role", "member"], { input: "a long enough password" });
    expect(dup.stderr).toMatch(/already exists/);
    const badRole = await cli(["users", "set-role", email, "root"]);
    expect(badRole.stderr).toBe("secrets: role: must be owner, admin or member\n");
    const lastOwner = await cli(["users", "disable", "owner@test.invalid"]);
    expect(lastOwner).toMatchObject({ code: 1, stderr: "secrets: The last owner cannot be disabled\n" });
    expect(await cli(["users", "create", "--role", "member"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^secrets: required option --email not specified \(see secrets users create --help\)\n$/) });
  });

  it("trash, restore and purge by name", async () => {
    const n = name();
    const id = (await cli(["create", n], { input: "v" })).stdout.trim();
    expect((await cli(["delete", n])).code).toBe(0);
    expect((await cli(["trash"])).stdout).toContain(n);
    expect(await cli(["restore", n])).toMatchObject({ code: 0, stderr: `Restored ${n} (${id})\n` });
    expect((await cli(["get", n])).stdout).toBe("v");
    expect((await cli(["delete", n, "-q"])).code).toBe(0);
    expect(await cli(["purge", n])).toMatchObject({ code: 0, stderr: `Purged ${n} (${id}) for good\n` });
    expect(JSON.parse((await cli(["trash", "--json"])).stdout).secrets.some((s: { id: string }) => s.id === id)).toBe(false);
  });
});
