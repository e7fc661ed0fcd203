import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

/**
 * What `npm start` promises: serve on PORT from an embedded PostgreSQL that
 * keeps its data across restarts and stops cleanly on SIGTERM or Ctrl-C.
 * Uses the build the web server of this run already made.
 */
const dataDir = path.resolve(".data/e2e-lifecycle");
const env = {
  ...process.env,
  PORT: String(Number(process.env.E2E_PORT ?? 3210) + 1),
  DATABASE_URL: "",
  SECRETS_ROOT_KEY: "",
  SECRETS_DATA_DIR: dataDir,
  SECRETS_EMBEDDED_PG_PORT: String(Number(process.env.E2E_PG_PORT ?? 54330) + 1),
};

async function startServer() {
  const child = spawn(process.execPath, ["bin/secrets", "serve", "--no-build"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  await expect.poll(() => output, { timeout: 60_000 }).toContain("Ready on");
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

test.beforeAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
test.afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`stops the server and the embedded database on ${signal}, and keeps the data`, async ({ request }) => {
    const server = await startServer();
    expect((await request.get(`http://localhost:${env.PORT}/`)).status()).toBe(200);
    const pidFile = path.join(dataDir, "pg", "postmaster.pid");
    expect(fs.existsSync(pidFile)).toBe(true);

    if (signal === "SIGTERM") {
      const owner = spawnSync(process.execPath, ["bin/secrets", "users", "create", "--email", "o@example.test", "--role", "owner"], {
        env,
        input: "correct horse battery staple",
        encoding: "utf8",
      });
      expect(owner.status, owner.stderr).toBe(0);
    }
    const name = `LIFECYCLE_${signal}`;
    const created = spawnSync(process.execPath, ["bin/secrets", "create", name], { env, input: `kept across ${signal}`, encoding: "utf8" });
    expect(created.status, created.stderr).toBe(0);

    server.child.kill(signal);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain(`${signal}: shutting down`);
    expect(fs.existsSync(pidFile)).toBe(false);

    const again = spawnSync(process.execPath, ["bin/secrets", "get", name], { env, encoding: "utf8" });
    expect(again.stdout).toBe(`kept across ${signal}`);
  });
}
