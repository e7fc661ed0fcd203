import { spawn } from "node:child_process";
import os from "node:os";

/** The signals a supervisor is expected to pass on (Ctrl-C, stop, reload, quit, the user's own). */
const FORWARDED: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR2"];

/**
 * `secrets run -- CMD ARGS…`: starts CMD with the secrets added to this
 * process's environment (they win over variables of the same name), with
 * the terminal (stdin, stdout, stderr) handed over. Values go to the
 * child's environment only, never to disk or argv. Signals sent to this
 * process are passed on, and the exit code is the child's (128 + the
 * signal's number when a signal ended it, as a shell reports it).
 */
export function runWithSecrets(command: string, args: string[], secrets: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...secrets } });
    const forward = (signal: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    let settled = false;
    const done = (code: number) => {
      if (settled) return;
      settled = true;
      for (const signal of FORWARDED) process.off(signal, forward);
      resolve(code);
    };
    child.once("error", (err: NodeJS.ErrnoException) => {
      // Not started at all: the shell's codes (127 not found, 126 not executable).
      if (settled) return;
      const code = err.code === "ENOENT" ? 127 : 126;
      process.stderr.write(`secrets: cannot run "${command}": ${err.code === "ENOENT" ? "command not found" : (err.code ?? err.message)}\n`);
      done(code);
    });
    child.once("exit", (code, signal) => done(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)));
  });
}
