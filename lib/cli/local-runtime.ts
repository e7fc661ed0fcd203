import os from "node:os";
import type { Actor } from "../audit";
import { ConfigError, config } from "../config";
import { AppError } from "../errors";
import { bootstrap, type Runtime } from "../runtime/bootstrap";

/** Local mode's process state: the database and keyring, opened once and closed once. */
export const actor = (): Actor => ({ id: `cli:${os.userInfo().username}`, source: "cli" });

let booting: Promise<Runtime> | undefined;
let stopOnSignal: ((signal: NodeJS.Signals) => void) | undefined;

/**
 * The database and keyring, started once per process. A SIGINT or SIGTERM
 * while it runs stops the embedded database this command started (even
 * mid-start) and ends the process as the signal asks (130, 143).
 */
export function runtime(): Promise<Runtime> {
  if (booting) return booting;
  const started = bootstrap({ warn: (l) => process.stderr.write(`${l}\n`) });
  booting = started;
  stopOnSignal = (signal) => {
    const exit = () => process.exit(signal === "SIGINT" ? 130 : 143);
    setTimeout(exit, 15_000).unref();
    void started.then((r) => r.shutdown()).catch(() => {}).finally(exit);
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  return started;
}

/** Stops what runtime() started (database connections, the embedded database); the signals are left to the caller again. */
export async function closeRuntime(): Promise<void> {
  const started = booting;
  if (!started) return;
  booting = undefined;
  if (stopOnSignal) {
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
    stopOnSignal = undefined;
  }
  const rt = await started.catch(() => undefined);
  await rt?.shutdown();
}

/** The error's message when it is one of ours (safe to show); undefined for anything unexpected. */
export function explain(err: unknown): string | undefined {
  if (err instanceof AppError || err instanceof ConfigError) return err.message;
  return undefined;
}

export function debugEnabled(): boolean {
  try {
    return config().debug;
  } catch {
    return false;
  }
}
