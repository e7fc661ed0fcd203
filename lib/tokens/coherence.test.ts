import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { stopListening } from "../db/notify";
import { closePool } from "../db/pool";
import { PROJECT_ROOT } from "../config/paths";
import { createToken, revokeToken } from "./service";

/**
 * Issue 8: a token revoked through one instance is refused by another
 * within one second. "Another instance" is a separate Node process
 * (lib/tokens/coherence-probe.ts) on the same database with its own cache:
 * one that hears notices, and one that does not (its cache then trusts an
 * entry for under a second).
 */
const admin: Actor = { id: "user:admin@example.test", source: "127.0.0.1" };
const probes: ChildProcessWithoutNullStreams[] = [];

afterAll(async () => {
  for (const p of probes) if (p.exitCode === null) p.kill();
  await stopListening();
  await closePool();
});

type Probe = { ready: Promise<string>; refused: Promise<{ message: string; at: number }>; stderr: () => string };

function startProbe(token: string, listen: boolean): Probe {
  const script = pathToFileURL(path.join(PROJECT_ROOT, "lib/tokens/coherence-probe.ts")).href;
  const tsconfig = path.join(PROJECT_ROOT, "tsconfig.node.json");
  const child = spawn(
    process.execPath,
    ["--input-type=module", "-e", `import { register } from "tsx/esm/api"; register({ tsconfig: ${JSON.stringify(tsconfig)} }); await import(${JSON.stringify(script)});`],
    { cwd: PROJECT_ROOT, env: { ...process.env, PROBE_TOKEN: token, PROBE_LISTEN: listen ? "1" : "0" } },
  );
  probes.push(child);
  let out = "";
  let err = "";
  const lines: ((line: string) => void)[] = [];
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    let nl: number;
    while ((nl = out.indexOf("\n")) !== -1) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      for (const fn of lines) fn(line);
    }
  });
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const waitFor = <T>(prefix: string, map: (rest: string) => T) =>
    new Promise<T>((resolve, reject) => {
      lines.push((line) => line.startsWith(prefix) && resolve(map(line.slice(prefix.length))));
      child.on("exit", (code) => reject(new Error(`probe exited (${code}) before "${prefix}": ${err}`)));
    });
  return {
    ready: waitFor("ready ", (rest) => rest),
    refused: waitFor("refused ", (message) => ({ message, at: performance.now() })),
    stderr: () => err,
  };
}

describe("a token revoked through one instance", () => {
  it.each([
    ["hears notices", true, "listening=true"],
    ["hears no notices", false, "listening=false"],
  ])("is refused within a second by another process that %s", async (_label, listen, state) => {
    const { token, info } = await createToken(admin, { name: `probe.${crypto.randomBytes(4).toString("hex")}`, scopes: ["secrets:read"] });
    const probe = startProbe(token, listen);
    expect(await probe.ready).toBe(state);
    // Accepted for a while first: the probe's refusal below is the revocation's doing.
    await new Promise((r) => setTimeout(r, 300));
    const revokedAt = performance.now();
    await revokeToken(admin, info.name);
    const { message, at } = await probe.refused;
    expect(message).toMatch(/^API token "probe\.[0-9a-f]{8}" was revoked on /);
    expect(at - revokedAt).toBeLessThan(1000);
  });
});
