import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { startServer, type TestServer } from "../testing/api-server";
import { openTestKeyring } from "../testing/keyring";
import { createToken } from "../tokens/service";
import { createUser } from "../users/users";

/**
 * The proof that installing this repository is enough: a fresh project (its
 * own package.json, ESM) runs `npm install <this repo>` offline, imports
 * `secrets-manager/sdk` exactly as Wix code imports `wix-secrets-backend.v2`,
 * and runs the five functions against a running server (`bin/secrets serve
 * --api-only` on this file's database, over https with a throwaway CA the
 * consumer trusts through NODE_EXTRA_CA_CERTS, as a deployed service would),
 * checking the exact return shapes and the typed errors. A TypeScript file in that project type-checks against the
 * published declarations.
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const PACKAGE = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string }).name;
const owner: Actor = { id: "user:sdk-install@example.test", source: "test" };
const project = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-sdk-consumer-"));
let server: TestServer | undefined;
let token = "";

/** The child's environment: no npm_* variables from an enclosing `npm test`, no database or root key. */
const consumerEnv = (extra: Record<string, string> = {}) => childEnv({ NODE_EXTRA_CA_CERTS: server!.caFile!, SECRETS_URL: server!.url, ...extra });

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "TMPDIR", "LANG", "SYSTEMROOT"]) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}

beforeAll(async () => {
  await openTestKeyring();
  await createUser(owner, { email: "owner@sdk-install.test", role: "owner", password: "correct horse battery staple" });
  token = (await createToken(owner, { name: "sdk-install", scopes: ["secrets:read", "secrets:write"] })).token;
  const [started] = await Promise.all([
    startServer({ apiOnly: true, tls: true }),
    (async () => {
      fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "sdk-consumer", version: "1.0.0", private: true, type: "module" }, null, 2));
      // A path install links the folder: nothing to download (--offline proves it), no build step (sdk/ is committed).
      await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--offline", ROOT], { cwd: project, env: childEnv(), timeout: 120_000 });
    })(),
  ]);
  server = started;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(project, { recursive: true, force: true });
});

describe(`npm install <this repo> into another project`, () => {
  it(`makes ${PACKAGE}/sdk resolve to the committed build, with no dependency of its own`, async () => {
    const link = path.join(project, "node_modules", PACKAGE);
    expect(fs.realpathSync(link)).toBe(fs.realpathSync(ROOT));
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", `console.log(import.meta.resolve(${JSON.stringify(`${PACKAGE}/sdk`)}))`], {
      cwd: project,
      env: childEnv(),
    });
    expect(fs.realpathSync(new URL(stdout.trim()))).toBe(fs.realpathSync(path.join(ROOT, "sdk/index.js")));
    // Zero runtime dependencies: the built module imports nothing at all.
    expect(fs.readFileSync(path.join(ROOT, "sdk/index.js"), "utf8")).not.toMatch(/^\s*import\s|\brequire\(|\bimport\(/m);
    const manifest = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).toEqual([PACKAGE]);
  });

  it("gives TypeScript callers full types through package.json exports", async () => {
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2023", "DOM"], types: [], strict: true, noEmit: true, skipLibCheck: false },
        files: ["check.ts"],
      }),
    );
    fs.writeFileSync(
      path.join(project, "check.ts"),
      `import { secrets, createClient, NotFoundError, RateLimitError, type SecretInfo, type SecretsClient } from "${PACKAGE}/sdk";
export async function wixStyle(): Promise<void> {
  const id: string = await secrets.createSecret({ name: "A", value: "b", description: "c" });
  const { value }: { value: string } = await secrets.getSecretValue("A");
  const infos: SecretInfo[] = (await secrets.listSecretInfo()).secrets;
  const created: Date = infos[0]!._createdDate;
  const updated: undefined | void = await secrets.updateSecret(id, { description: value });
  const deleted: undefined | void = await secrets.deleteSecret(infos[0]!._id);
  const client: SecretsClient = createClient({ url: "https://secrets.example", token: "t", cacheTtlMs: 1000, retries: 1 });
  void [created, updated, deleted, client];
  try {
    await secrets.getSecretValue("missing");
  } catch (e) {
    if (e instanceof NotFoundError) { const s: number = e.status; const c: string = e.code; void [s, c]; }
    if (e instanceof RateLimitError) { const after: number | undefined = e.retryAfterSeconds; void after; }
  }
  // @ts-expect-error the value is a string
  const wrong: number = (await secrets.getSecretValue("A")).value;
  // @ts-expect-error createSecret needs a value
  await secrets.createSecret({ name: "A" });
  // @ts-expect-error no such option
  createClient({ url: "u", token: "t", cacheTTL: 5 });
  // @ts-expect-error _createdDate is a Date, not a string
  const asText: string = infos[0]!._createdDate;
  void [wrong, asText];
}
`,
    );
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    const checked = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project, env: childEnv() }).then(
      () => "ok",
      (e: { stdout?: string; stderr?: string; message: string }) => `tsc failed: ${e.stdout || e.stderr || e.message}`,
    );
    expect(checked).toBe("ok");
  });

  it("runs code written for wix-secrets-backend.v2, with only the import changed, against a running server", async () => {
    const script = `import { secrets } from "${PACKAGE}/sdk";
import * as sdk from "${PACKAGE}/sdk";

const [name, renamed] = process.argv.slice(2);
const warnings = [];
process.on("warning", (w) => warnings.push({ name: w.name, message: w.message }));
const failure = (p) =>
  p.then(
    (r) => ({ resolved: r }),
    (e) => ({ name: e.name, status: e.status, code: e.code, field: e.field, message: e.message, requestId: typeof e.requestId,
      isBase: e instanceof sdk.SecretsError, isNotFound: e instanceof sdk.NotFoundError, isConflict: e instanceof sdk.ConflictError }),
  );
const out = {};

const id = await secrets.createSecret({ name, value: "v1 ✓ first", description: "made by the SDK" });
out.create = { type: typeof id, id };
out.get = await secrets.getSecretValue(name);

const list = await secrets.listSecretInfo();
const mine = list.secrets.find((s) => s._id === id);
out.list = {
  keys: Object.keys(list),
  isArray: Array.isArray(list.secrets),
  itemKeys: Object.keys(mine).sort(),
  item: { ...mine, _createdDate: mine._createdDate.toISOString(), _updatedDate: mine._updatedDate.toISOString() },
  dates: [mine._createdDate instanceof Date, mine._updatedDate instanceof Date],
  anyValue: list.secrets.some((s) => "value" in s),
};

out.update = { returned: await secrets.updateSecret(id, { value: "v2" }) === undefined };
out.afterUpdate = await secrets.getSecretValue(name);
const after = (await secrets.listSecretInfo()).secrets.find((s) => s._id === id);
out.afterUpdateInfo = { name: after.name, description: after.description, updatedLater: after._updatedDate >= mine._updatedDate };

out.rename = { returned: await secrets.updateSecret(id, { name: renamed }, { aliasDays: 7 }) === undefined };
out.viaNew = await secrets.getSecretValue(renamed);
out.viaOld = await secrets.getSecretValue(name);
await secrets.getSecretValue(name);

out.notFound = await failure(secrets.getSecretValue("NO_SUCH_" + name));
out.duplicate = await failure(secrets.createSecret({ name: renamed, value: "another" }));
out.aliasTaken = await failure(secrets.createSecret({ name: name.toLowerCase(), value: "another" }));
out.invalid = await failure(secrets.createSecret({ name: "has space", value: "x" }));

out.delete = { returned: await secrets.deleteSecret(id) === undefined };
out.afterDelete = await failure(secrets.getSecretValue(renamed));
out.deleteAgain = await failure(secrets.deleteSecret(id));

await new Promise((r) => setImmediate(r));
out.warnings = warnings;
console.log(JSON.stringify(out));
`;
    fs.writeFileSync(path.join(project, "wix-code.mjs"), script);
    const name = `SDK_${crypto.randomBytes(4).toString("hex").toUpperCase()}`;
    const renamed = `${name}_NEW`;
    const { stdout, stderr } = await run(process.execPath, ["wix-code.mjs", name, renamed], {
      cwd: project,
      env: consumerEnv({ SECRETS_TOKEN: token }),
      timeout: 60_000,
    });
    expect(stderr + stdout).not.toContain(token);
    expect(server!.url).toMatch(/^https:/);
    const out = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
    if (process.env.SDK_TEST_DEBUG) console.log(JSON.stringify(out, null, 1));
    const id = out.create!.id as string;

    expect(out.create).toEqual({ type: "string", id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(out.get).toEqual({ value: "v1 ✓ first" });
    expect(out.list).toEqual({
      keys: ["secrets"],
      isArray: true,
      itemKeys: ["_createdDate", "_id", "_updatedDate", "description", "name"],
      item: { _id: id, name, description: "made by the SDK", _createdDate: expect.any(String), _updatedDate: expect.any(String) },
      dates: [true, true],
      anyValue: false,
    });
    const item = out.list!.item as { _createdDate: string; _updatedDate: string };
    expect(Math.abs(Date.parse(item._createdDate) - Date.now())).toBeLessThan(120_000);

    expect(out.update).toEqual({ returned: true });
    expect(out.afterUpdate).toEqual({ value: "v2" });
    expect(out.afterUpdateInfo).toEqual({ name, description: "made by the SDK", updatedLater: true });

    expect(out.rename).toEqual({ returned: true });
    expect(out.viaNew).toEqual({ value: "v2" });
    expect(out.viaOld).toEqual({ value: "v2" });
    // Read twice through the old name: warned once, naming both names and the sunset, never the value.
    expect(out.warnings).toHaveLength(1);
    const [warning] = out.warnings as unknown as { name: string; message: string }[];
    expect(warning!.name).toBe("SecretsAliasWarning");
    expect(warning!.message).toMatch(new RegExp(`^Secret "${name}" was renamed to "${renamed}"; the old name stops working at \\d{4}-\\d\\d-\\d\\dT`));
    expect(warning!.message).not.toContain("v2");

    const typed = { requestId: "string", isBase: true };
    expect(out.notFound).toMatchObject({ ...typed, name: "NotFoundError", isNotFound: true, status: 404, code: "NOT_FOUND" });
    expect(out.duplicate).toMatchObject({ ...typed, name: "ConflictError", isConflict: true, status: 409, code: "ALREADY_EXISTS" });
    expect(out.aliasTaken).toMatchObject({ ...typed, name: "ConflictError", status: 409 });
    expect(out.invalid).toMatchObject({ ...typed, name: "ValidationError", status: 400, code: "INVALID_ARGUMENT", field: "name" });
    for (const e of [out.notFound, out.duplicate, out.invalid]) expect(e!.message).toEqual(expect.any(String));
    expect(JSON.stringify(out)).not.toContain("another");

    expect(out.delete).toEqual({ returned: true });
    expect(out.afterDelete).toMatchObject({ name: "NotFoundError", status: 404 });
    expect(out.deleteAgain).toMatchObject({ name: "NotFoundError", status: 404 });
  });

  it("a missing SECRETS_TOKEN is named, and a wrong token is an AuthenticationError that does not echo it", async () => {
    const script = `import { secrets } from "${PACKAGE}/sdk";
const r = await secrets.listSecretInfo().then(() => ({ ok: true }), (e) => ({ name: e.name, status: e.status, code: e.code, message: e.message }));
console.log(JSON.stringify(r));
`;
    fs.writeFileSync(path.join(project, "auth.mjs"), script);
    const missing = await run(process.execPath, ["auth.mjs"], { cwd: project, env: consumerEnv() });
    expect(JSON.parse(missing.stdout)).toMatchObject({ name: "ConfigurationError", message: expect.stringMatching(/^SECRETS_TOKEN is not set/) });
    const wrong = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const refused = await run(process.execPath, ["auth.mjs"], { cwd: project, env: consumerEnv({ SECRETS_TOKEN: wrong }) });
    expect(JSON.parse(refused.stdout)).toMatchObject({ name: "AuthenticationError", status: 401 });
    expect(refused.stdout + refused.stderr).not.toContain(wrong);
  });

  it("a server certificate the consumer does not trust is a NetworkError saying why, not a silent downgrade", async () => {
    const untrusted = await run(process.execPath, ["auth.mjs"], { cwd: project, env: childEnv({ SECRETS_URL: server!.url, SECRETS_TOKEN: token }) });
    const r = JSON.parse(untrusted.stdout) as { name: string; status: number; message: string };
    expect(r).toMatchObject({ name: "NetworkError", status: 0, code: "TLS_ERROR" });
    expect(r.message).toMatch(new RegExp(`^Could not reach the secrets server at https://localhost:${server!.port}: [A-Z_]*(CERT|SIGNATURE|ISSUER)`));
    expect(untrusted.stdout + untrusted.stderr).not.toContain(token);
  });
});
