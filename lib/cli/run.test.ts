import { spawn } from "node:child_process";
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { BIN, cliEnv } from "../testing/cli";
import { cliIn, MODES } from "./test-modes";

/**
 * `secrets run -- CMD`: the program sees the secrets as environment
 * variables, names that cannot be variables are skipped with a warning, its
 * exit code (or 128 + signal) is the CLI's, and signals sent to the CLI
 * reach it. In both modes.
 */
const tag = () => crypto.randomBytes(4).toString("hex").toUpperCase();

describe.each(MODES)("secrets run in %s mode", (mode) => {
  const { run, remoteEnv } = cliIn(mode);

  it("starts the command with the secrets in its environment, skipping names that are not variable names", async () => {
    const t = tag();
    const values = { [`RUN_${t}_PEM`]: "-----BEGIN KEY-----\nAAA=\n-----END KEY-----", [`RUN_${t}_Q`]: `it's "quoted" $HOME #x` };
    for (const [n, v] of Object.entries(values)) expect((await run(["create", n, "-q"], { input: v })).code).toBe(0);
    expect((await run(["create", `RUN_${t}+X`, "-q"], { input: "not a variable" })).code).toBe(0);
    const script = `process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.includes("${t}")))))`;
    const r = await run(["run", "--prefix", `run_${t}_`, "--", process.execPath, "-e", script]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(values);
    expect(r.stderr).toBe("");

    const all = await run(["run", "--prefix", `RUN_${t}`, "--", process.execPath, "-e", script]);
    expect(JSON.parse(all.stdout)).toEqual(values);
    expect(all.stderr).toBe(`warning: skipped "RUN_${t}+X": not a valid environment variable name (letters, digits and _, not starting with a digit)\n`);

    const only = await run(["run", "--only", `RUN_${t}_Q`, "--", process.execPath, "-e", script]);
    expect(JSON.parse(only.stdout)).toEqual({ [`RUN_${t}_Q`]: values[`RUN_${t}_Q`] });
    const missing = await run(["run", "--only", `RUN_${t}_NONE`, "--", process.execPath, "-e", "process.exit(0)"]);
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toBe(`secrets: No secret named "RUN_${t}_NONE" (or this token may not read it)\n`);
  });

  it("exits with the command's exit code, 128 + the signal that ended it, or 127 when it cannot start", async () => {
    expect((await run(["run", "--prefix", "NOTHING_", "--", process.execPath, "-e", "process.exit(7)"])).code).toBe(7);
    expect((await run(["run", "--prefix", "NOTHING_", "--", process.execPath, "-e", "process.kill(process.pid, 'SIGKILL')"])).code).toBe(137);
    const missing = await run(["run", "--prefix", "NOTHING_", "--", `no-such-command-${tag()}`]);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/^secrets: cannot run "no-such-command-\w+": command not found\n$/);
    // Without --, the command's own options are its own (passed through), not run's.
    expect((await run(["run", "--prefix", "NOTHING_", process.execPath, "-e", "process.exit(5)"])).code).toBe(5);
  });

  it("passes SIGTERM, SIGINT and SIGHUP on to the command and exits as it does", async () => {
    for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
      const script = `process.on("${signal}", () => { process.stdout.write("got ${signal}"); process.exit(3); }); process.stdout.write("ready\\n"); setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, [BIN, "run", "--prefix", "NOTHING_", "--", process.execPath, "-e", script], {
        env: cliEnv(remoteEnv()),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      await expect.poll(() => out, { timeout: 60_000 }).toContain("ready");
      child.kill(signal);
      expect(await exited, signal).toBe(3);
      expect(out).toBe(`ready\ngot ${signal}`);
    }
  });
});
