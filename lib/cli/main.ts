import { config, ConfigError } from "../config";
import { AppError } from "../errors";
import { bootstrap } from "../runtime/bootstrap";
import { parseArgs, UsageError } from "./args";
import { commands } from "./commands";

/**
 * bin/secrets: the command line, working on the configured database through
 * the same service layer as the web app. Errors are one line on stderr and a
 * non-zero exit code; a value is printed only by `get`.
 */
const USAGE = `usage: secrets <command> [options]

commands:
${[["serve", "start the web app (what npm start runs)"], ...Object.entries(commands).map(([, c]) => [c.usage, c.summary])]
  .map(([u, s]) => `  ${u!.padEnd(58)} ${s}`)
  .join("\n")}

Run "secrets <command> --help" for one command. Configuration: see README.md.`;

export async function main(argv: string[]): Promise<number> {
  const [first, second] = argv;
  if (!first || first === "--help" || first === "-h" || first === "help") {
    process.stdout.write(USAGE + "\n");
    return first ? 0 : 2;
  }
  if (first === "serve") {
    const { serve } = await import("../server/serve");
    return serve(argv.slice(1));
  }
  const key = commands[`${first} ${second}`] ? `${first} ${second}` : first;
  const command = commands[key];
  if (!command) {
    process.stderr.write(`secrets: unknown command "${[first, second].filter(Boolean).join(" ")}"; try secrets --help\n`);
    return 2;
  }
  const rest = argv.slice(key.split(" ").length);
  let rt: Awaited<ReturnType<typeof bootstrap>> | undefined;
  try {
    const parsed = parseArgs(rest, command);
    if (parsed.flags.has("help")) {
      process.stdout.write(`usage: secrets ${command.usage}\n\n${command.summary}.\n${command.help ? `\n${command.help}\n` : ""}`);
      return 0;
    }
    const booting = bootstrap({ warn: (l) => process.stderr.write(l + "\n") });
    const stopOnSignal = (signal: NodeJS.Signals) => {
      // Stop the embedded database if this command started it (even mid-start), then end as the signal asks.
      const exit = () => process.exit(signal === "SIGINT" ? 130 : 143);
      setTimeout(exit, 15_000).unref();
      void booting.then((r) => r.shutdown()).catch(() => {}).finally(exit);
    };
    process.once("SIGINT", stopOnSignal);
    process.once("SIGTERM", stopOnSignal);
    rt = await booting;
    await command.run(parsed, rt);
    return 0;
  } catch (err) {
    process.stderr.write(`secrets: ${describe(err)}\n`);
    if (debugEnabled() && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return err instanceof UsageError ? 2 : 1;
  } finally {
    await rt?.shutdown();
  }
}

function describe(err: unknown): string {
  if (err instanceof UsageError) return `${err.message} (see --help)`;
  if (err instanceof AppError || err instanceof ConfigError) return err.message;
  const first = (err instanceof Error ? err.message : String(err)).split("\n").find((l) => l.trim()) ?? "unknown";
  return `unexpected error: ${first}`;
}

function debugEnabled(): boolean {
  try {
    return config().debug;
  } catch {
    return false;
  }
}
