import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../testing/cli";
import { freePort } from "../testing/ports";

/**
 * Our processes decide their own exit status: a refusal is non-zero whether
 * or not the process started the embedded database, and a failed start
 * leaves no postmaster behind.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

function npmStart(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["start", "--silent", "--", "--no-build"], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function embeddedEnv() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-exit-"));
  const env = {
    DATABASE_URL: "",
    DATABASE_OWNER_URL: "",
    SECRETS_ROOT_KEY: "",
    SECRETS_DATA_DIR: dataDir,
    SECRETS_EMBEDDED_PG_PORT: String(await freePort()),
  };
  return { dataDir, env };
}

const postmasterRunning = (dataDir: string) => fs.existsSync(path.join(dataDir, "pg", "postmaster.pid"));

describe("exit codes", () => {
  it("npm start with a bad setting exits non-zero with one line naming the variable", async () => {
    const r = await npmStart({ PORT: "eighty" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^\[secrets\] cannot start: PORT must be a port number/m);
    const negative = await npmStart({ PORT: "3000", SECRETS_RECENT_AUTH_MINUTES: "-5" });
    expect(negative.code).not.toBe(0);
    expect(negative.stderr).toMatch(/SECRETS_RECENT_AUTH_MINUTES must be greater than 0/);
  });

  it("npm start on a port in use says so in one line and leaves no database running", async () => {
    const { dataDir, env } = await embeddedEnv();
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, () => resolve((blocker.address() as net.AddressInfo).port)));
    try {
      const r = await npmStart({ ...env, PORT: String(port) });
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split("\n")).toEqual([`[secrets] cannot start: port ${port} is already in use (set PORT to another port, or stop the other server)`]);
      expect(postmasterRunning(dataDir)).toBe(false);
    } finally {
      blocker.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("npm start that fails after starting the embedded database (wrong root key) stops it and exits non-zero", async () => {
    const { dataDir, env } = await embeddedEnv();
    try {
      expect((await cli(["users", "create", "--email", "o@example.test", "--role", "owner"], { env, input: "correct horse battery" })).code).toBe(0);
      fs.writeFileSync(path.join(dataDir, "root.key"), crypto.randomBytes(32).toString("base64"));
      const r = await npmStart({ ...env, PORT: String(await freePort()) });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/cannot start: The root key .* does not open this database's keyring/);
      expect(postmasterRunning(dataDir)).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("bin/secrets exits 1 on a refused command, with or without starting the embedded database", async () => {
    const { dataDir, env } = await embeddedEnv();
    try {
      const embedded = await cli(["get", "NO_SUCH_SECRET"], { env });
      expect(embedded.code).toBe(1);
      expect(embedded.stderr).toContain('No secret named "NO_SUCH_SECRET"');
      expect(postmasterRunning(dataDir)).toBe(false);
      const external = await cli(["get", "NO_SUCH_SECRET"]);
      expect(external.code).toBe(1);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("bin/secrets stopped by SIGTERM mid-command stops the embedded database it started", async () => {
    const { dataDir, env } = await embeddedEnv();
    try {
      // `create` waits for stdin, so it is still running (database up) when the signal comes.
      const child = spawn(process.execPath, [path.join(ROOT, "bin/secrets"), "create", "WAITING"], { env: { ...process.env, ...env } });
      await expect.poll(() => postmasterRunning(dataDir), { timeout: 30_000 }).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(143);
      expect(postmasterRunning(dataDir)).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
