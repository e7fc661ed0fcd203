import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const BIN = path.resolve(import.meta.dirname, "../../bin/secrets");

export type CliResult = { code: number; stdout: string; stderr: string; ms: number };

/**
 * A config folder of this test process's own (no saved login), and no
 * remote settings from the caller's shell: the CLI runs in local mode unless
 * a test passes SECRETS_URL/SECRETS_TOKEN or XDG_CONFIG_HOME itself.
 */
let configHome: string | undefined;
function isolation(): Record<string, string> {
  if (!configHome) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-cli-config-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    configHome = dir;
  }
  return { XDG_CONFIG_HOME: configHome, SECRETS_URL: "", SECRETS_TOKEN: "" };
}

/** The environment cli() gives bin/secrets, for tests that spawn it themselves. */
export function cliEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // A test that points the CLI at another database means its owner connection too.
  return { ...process.env, ...isolation(), ...("DATABASE_URL" in env ? { DATABASE_OWNER_URL: "" } : {}), ...env };
}

/** Runs bin/secrets in a child process, as a user would. */
export function cli(args: string[], opts: { env?: Record<string, string | undefined>; input?: string | Buffer } = {}): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: cliEnv(opts.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: performance.now() - started,
      }),
    );
    child.stdin.end(opts.input ?? "");
  });
}
