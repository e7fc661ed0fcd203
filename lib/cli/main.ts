import type { LocalCommand } from "./backend";
import { CliError } from "./io";
import { runProgram, type Context } from "./program";
import { remoteBackend } from "./remote-backend";
import { detectMode, type Mode } from "./settings";

/**
 * bin/secrets: the entry of the CLI's small bundle (commander, the SDK, the
 * command definitions; no database code). Remote mode runs entirely in it.
 * Local mode loads the second bundle (lib/cli/local.ts: the service layer,
 * Prisma, the embedded database) only when a command needs it, so `get` over
 * the REST API never pays for loading the database layer.
 */
export type LocalModule = typeof import("./local");
export type Hooks = { loadLocal(): Promise<LocalModule> };

export async function main(argv: string[], hooks: Hooks): Promise<number> {
  // The server is local by nature (SECRETS_URL, if set, is for its clients) and parses its own flags.
  if (argv[0] === "serve") return (await hooks.loadLocal()).serve(argv.slice(1));
  let mode: Mode | CliError;
  try {
    mode = detectMode();
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    // An unreadable saved login: every command that needs a mode says so; login and logout still work.
    mode = err;
  }
  return runProgram(argv, context(mode, hooks));
}

function context(mode: Mode | CliError, hooks: Hooks): Context {
  let loaded: LocalModule | undefined;
  const local = async () => (loaded ??= await hooks.loadLocal());
  if (mode instanceof CliError) {
    return {
      mode: "local",
      secrets: () => Promise.reject(mode),
      local: () => Promise.reject(mode),
      explain: () => undefined,
      close: async () => {},
      debug: () => false,
    };
  }
  if (mode.kind === "remote") {
    return {
      mode: "remote",
      secrets: async () => {
        if (!mode.settings) throw new CliError(mode.problem);
        return remoteBackend(mode.settings);
      },
      local: async (path) => {
        throw new CliError(
          `${path} needs local mode (direct access to the database; the REST API has no such operation). ` +
            `Run it where the database is, without SECRETS_URL${mode.settings?.from === "login" ? " (after secrets logout)" : ""}`,
        );
      },
      explain: () => undefined,
      close: async () => {},
      debug: () => false,
    };
  }
  return {
    mode: "local",
    secrets: async () => (await local()).localBackend(),
    local: async (path, input) => {
      const command: LocalCommand | undefined = (await local()).localCommands[path];
      if (!command) throw new CliError(`${path} is not available in this version`);
      await command(input);
    },
    explain: (err) => loaded?.explain(err),
    close: async () => loaded?.closeRuntime(),
    debug: () => loaded?.debugEnabled() ?? false,
  };
}
