import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { startServer, type TestServer } from "../testing/api-server";
import { openTestKeyring } from "../testing/keyring";
import { createToken } from "../tokens/service";

/**
 * The proof that code written for Wix runs unchanged: the official client
 * (@wix/sdk + @wix/secrets, as published on npm) in ANOTHER project — its
 * own folder, package.json and script, in its own Node process — pointed at
 * a server started as an operator would (`serve --api-only` over https with
 * a throwaway CA that the client's process trusts through
 * NODE_EXTRA_CA_CERTS; the Wix client speaks https only). All five
 * functions, and a not-found and a conflict that must reach the caller as
 * the client's SDKError carrying our code and message.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const admin: Actor = { id: "user:wix-client-test@example.test", source: "test" };
let server: TestServer;
let token = "";
let project = "";

/**
 * The other project. Installing the client there with npm is not possible in
 * a test (no network, and `npm install` is not ours to run), so its
 * node_modules holds one symlink: `@wix` → this repository's
 * node_modules/@wix, where the pinned @wix/sdk 1.21.16 and @wix/secrets
 * 1.0.70 are installed. Node resolves a symlinked package by its real path,
 * so the client's own dependencies (jose, type-fest, @wix/sdk-runtime, …)
 * resolve as they would in an install, while the script sees nothing else
 * of this repository: not our code, not our other packages. (A symlink of
 * the whole node_modules would let the script import anything we have.)
 */
function makeProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wix-client-project-"));
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "uses-wix-secrets", private: true, type: "module", dependencies: { "@wix/sdk": "1.21.16", "@wix/secrets": "1.0.70" } }, null, 2),
  );
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(path.join(ROOT, "node_modules", "@wix"), path.join(dir, "node_modules", "@wix"), "dir");
  fs.writeFileSync(path.join(dir, "main.mjs"), SCRIPT);
  return dir;
}

/**
 * What a user's service would write, word for word the Wix documentation's
 * setup, plus a report of what came back. The token comes from the
 * environment (never a command line, which `ps` shows).
 */
const SCRIPT = `
import { createClient, ApiKeyStrategy } from "@wix/sdk";
import { secrets } from "@wix/secrets";

const client = createClient({
  modules: { secrets },
  host: { apiBaseUrl: process.env.SECRETS_HOST },
  auth: ApiKeyStrategy({ apiKey: process.env.SECRETS_TOKEN, siteId: "any" }),
});

const steps = JSON.parse(process.argv[2]);
const report = [];
let createdId;
for (const [fn, ...args] of steps) {
  const resolved = args.map((a) => (a === "$id" ? createdId : a));
  try {
    const result = await client.secrets[fn](...resolved);
    if (fn === "createSecret") createdId = result;
    report.push({ fn, ok: true, result, dates: fn === "listSecretInfo" ? result.secrets.map((s) => [s._createdDate instanceof Date, s._updatedDate instanceof Date]) : undefined });
  } catch (err) {
    report.push({ fn, ok: false, error: { class: err?.constructor?.name, message: err?.message, status: err?.response?.status, details: err?.details } });
  }
}
process.stdout.write(JSON.stringify(report));
`;

type Step = {
  fn: string;
  ok: boolean;
  result?: unknown;
  dates?: Array<[boolean, boolean]>;
  error?: { class: string; message: string; status?: number; details?: { applicationError?: { code: string; description: string } } };
};

async function runClient(steps: unknown[][]): Promise<Step[]> {
  // Only what a service of its own would have: no DATABASE_URL, no root key.
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: os.homedir(),
    NODE_EXTRA_CA_CERTS: server.caFile,
    SECRETS_HOST: `localhost:${server.port}`,
    SECRETS_TOKEN: token,
  };
  const child = spawn(process.execPath, ["main.mjs", JSON.stringify(steps)], { cwd: project, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`the Wix client's script failed (${code}):\n${stderr}\nserver:\n${server.output()}`);
  return JSON.parse(stdout) as Step[];
}

/** Our own answer to the same request, to compare what the client surfaces with what we sent. */
async function ours(method: string, pathname: string, body?: unknown) {
  const res = await server.request(pathname, {
    method,
    headers: { authorization: token, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: res.json() as { message: string; details: { applicationError: { code: string; description: string } } } };
}

beforeAll(async () => {
  await openTestKeyring();
  token = (await createToken(admin, { name: "wix-client", scopes: ["secrets:read", "secrets:write"] })).token;
  project = makeProject();
  server = await startServer({ apiOnly: true, tls: true });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

describe("the official Wix client (@wix/sdk + @wix/secrets) from another project, over https", () => {
  it("runs all five functions with Wix's return shapes", async () => {
    const suffix = Math.random().toString(36).slice(2, 8).toUpperCase();
    // Characters Wix allows in names, which its client puts in the path unencoded.
    const name = `WIX_${suffix}+a=b@c$d-e`;
    const renamed = `WIX_RENAMED_${suffix}`;
    const report = await runClient([
      ["createSecret", { name, value: "first value ✓", description: "made by the Wix client" }],
      ["getSecretValue", name],
      ["listSecretInfo"],
      ["updateSecret", "$id", { value: "second value", description: "changed by the Wix client" }],
      ["getSecretValue", name],
      ["updateSecret", "$id", { name: renamed }],
      ["getSecretValue", renamed],
      ["listSecretInfo"],
      ["deleteSecret", "$id"],
      ["listSecretInfo"],
    ]);
    const failed = report.filter((s) => !s.ok);
    expect(failed, JSON.stringify(failed)).toEqual([]);
    const [created, read, listed, updated, reread, renaming, readRenamed, relisted, deleted, afterDelete] = report;

    const id = created!.result as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(read!.result).toEqual({ value: "first value ✓" });

    const info = (listed!.result as { secrets: Array<Record<string, unknown>> }).secrets;
    const mine = info.find((s) => s._id === id);
    expect(mine).toEqual({ _id: id, name, description: "made by the Wix client", _createdDate: expect.any(String), _updatedDate: expect.any(String) });
    // The client hands its caller Date objects, parsed from our ISO dates.
    expect(listed!.dates!.every(([c, u]) => c && u)).toBe(true);
    expect(Number.isNaN(Date.parse(mine!._createdDate as string))).toBe(false);
    expect(JSON.stringify(listed!.result)).not.toContain("first value");

    expect(updated!.result).toBeUndefined();
    expect(reread!.result).toEqual({ value: "second value" });
    expect(renaming!.result).toBeUndefined();
    expect(readRenamed!.result).toEqual({ value: "second value" });
    const after = (relisted!.result as { secrets: Array<Record<string, unknown>> }).secrets.find((s) => s._id === id);
    expect(after).toMatchObject({ name: renamed, description: "changed by the Wix client" });
    expect(Date.parse(after!._updatedDate as string)).toBeGreaterThanOrEqual(Date.parse(mine!._updatedDate as string));

    expect(deleted!.result).toBeUndefined();
    expect((afterDelete!.result as { secrets: Array<Record<string, unknown>> }).secrets.some((s) => s._id === id)).toBe(false);
  });

  it("a not-found read and a duplicate create reach the caller as SDKError with our code and message", async () => {
    const suffix = Math.random().toString(36).slice(2, 8).toUpperCase();
    const taken = `WIX_TAKEN_${suffix}`;
    const missing = `WIX_MISSING_${suffix}`;
    const report = await runClient([
      ["createSecret", { name: taken, value: "the original" }],
      ["getSecretValue", missing],
      ["createSecret", { name: taken.toLowerCase(), value: "a would-be duplicate value" }],
      ["getSecretValue", taken],
      ["createSecret", { name: "has space", value: "a value with a bad name" }],
    ]);
    const [created, notFound, duplicate, stillThere, invalid] = report;
    expect(created!.ok).toBe(true);
    expect(stillThere!.result).toEqual({ value: "the original" });

    // What our API answers to the same requests, straight.
    const ourNotFound = await ours("GET", `/api/v1/secrets/name/${missing}?name=${missing}`);
    const ourConflict = await ours("POST", "/api/v1/secrets", { secret: { name: taken.toLowerCase(), value: "another would-be duplicate" } });
    expect(ourNotFound.status).toBe(404);
    expect(ourConflict.status).toBe(409);

    for (const [step, answer] of [
      [notFound!, ourNotFound],
      [duplicate!, ourConflict],
    ] as const) {
      expect(step.ok).toBe(false);
      expect(step.error!.class).toBe("SDKError");
      expect(step.error!.status).toBe(answer.status);
      expect(step.error!.details!.applicationError).toMatchObject(answer.body.details.applicationError);
      // The client's message is JSON: { message: "<our message>[: <our description>]", details }.
      expect((JSON.parse(step.error!.message) as { message: string }).message).toContain(answer.body.message);
      // Never a value in what the caller (and its logs) get.
      expect(JSON.stringify(step.error)).not.toMatch(/would-be duplicate|the original/);
    }

    // A 400 with field violations becomes the client's validation error, naming the argument's field.
    expect(invalid!.error!.class).toBe("SDKError");
    expect(invalid!.error!.status).toBe(400);
    expect(JSON.parse(invalid!.error!.message).message).toMatch(/^INVALID_ARGUMENT: "secret\.name" /);
    expect(JSON.stringify(invalid!.error)).not.toContain("a value with a bad name");
  });
});
