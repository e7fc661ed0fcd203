import fs from "node:fs";
import { Command, CommanderError } from "commander";
import { SecretsError } from "../sdk/index";
import { UsageError } from "./args";
import type { ImportItem, LocalCommand, SecretMeta, SecretsBackend } from "./backend";
import { formatEnv, parseEnvFile, parseJsonFile, type EnvEntry } from "./dotenv";
import { CliError, createIo, decodeUtf8, iso, items, readStdinText, readValue, table, wholeNumber, type Io } from "./io";
import { login, logout } from "./login";
import { runWithSecrets } from "./run";

/**
 * Every command of bin/secrets, declared once with commander: arguments,
 * options, help, and (for the secrets commands) what they print. The same
 * program runs in local and remote mode; only the backend differs
 * (lib/cli/backend.ts), so output and exit codes are the same in both.
 * Exit codes: 0 success, 1 refused or failed, 2 usage error.
 */
export type Context = {
  mode: "local" | "remote";
  /** The secrets operations: the service layer (local) or the REST API (remote). */
  secrets(): Promise<SecretsBackend>;
  /** Runs a command that needs the database (refused in remote mode). */
  local(path: string, input: Parameters<LocalCommand>[0]): Promise<void>;
  /** The message of an error local mode knows to be safe to show. */
  explain(err: unknown): string | undefined;
  /** Releases whatever the command opened (database connections); called once at the end. */
  close(): Promise<void>;
  debug(): boolean;
};

/** How long a rename keeps the old name answering unless told otherwise (the service's DEFAULT_ALIAS_DAYS). */
const DEFAULT_ALIAS_DAYS = 7;
const MAX_ALIAS_DAYS = 90;
/** What one import may hold (the service's IMPORT_MAX). */
const IMPORT_MAX = 1000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Opts = Record<string, unknown>;
type Body = (input: { args: string[]; opts: Opts; io: Io; command: Command }) => Promise<number | void>;

const str = (opts: Opts, key: string) => (typeof opts[key] === "string" ? (opts[key] as string) : undefined);
const json = (data: unknown) => JSON.stringify(data, null, 2);

export async function runProgram(argv: string[], ctx: Context): Promise<number> {
  const state = { code: 0 };
  const program = buildProgram(ctx, state);
  try {
    await program.parseAsync(argv, { from: "user" });
    return state.code;
  } catch (err) {
    return report(err, ctx);
  } finally {
    await ctx.close().catch(() => {});
  }
}

/**
 * The CLI's own error classes by name, not instanceof: the local bundle
 * (lib/cli/local.ts) carries its own copy of them.
 */
const isA = (err: unknown, name: "UsageError" | "CliError" | "Interrupted"): err is Error => err instanceof Error && err.name === name;

/** One line on stderr for anything that went wrong; the exit code says what kind. */
function report(err: unknown, ctx: Context): number {
  const line = (text: string) => void process.stderr.write(`secrets: ${text}\n`);
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return 0;
    if (err.code === "commander.help") return err.exitCode === 0 ? 0 : 2;
    const path = (err as CommanderError & { commandPath?: string }).commandPath;
    line(`${err.message.replace(/^error: /, "").replace(/\n/g, " ")} (see secrets ${path ? `${path} ` : ""}--help)`);
    return 2;
  }
  if (isA(err, "UsageError")) {
    const path = (err as Error & { commandPath?: string }).commandPath;
    line(`${err.message} (see secrets ${path ? `${path} ` : ""}--help)`);
    return 2;
  }
  if (isA(err, "Interrupted")) return 130;
  if (isA(err, "CliError") || err instanceof SecretsError) {
    line(err.message);
    return 1;
  }
  const known = ctx.explain(err);
  if (known !== undefined) {
    line(known);
    return 1;
  }
  const first = (err instanceof Error ? err.message : String(err)).split("\n").find((l) => l.trim()) ?? "unknown";
  line(`unexpected error: ${first}`);
  if (ctx.debug() && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 1;
}

export function buildProgram(ctx: Context, state: { code: number }): Command {
  const program = new Command("secrets")
    .description(
      "Secrets Manager's command line. Works on the database (local mode), or on a server's REST API with an API token " +
        "when SECRETS_URL and SECRETS_TOKEN are set or after `secrets login URL` (remote mode).",
    )
    .usage("<command> [options]")
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .helpCommand("help [command]", "show help for a command")
    .addHelpText("after", '\nRun "secrets <command> --help" for one command. Configuration: see README.md.');

  /** A command that does something: --quiet, a body, and usage errors that name it. */
  const leaf = (parent: Command, name: string, summary: string, body: Body) => {
    const command = parent.command(name).description(summary).option("-q, --quiet", "no confirmation line on success");
    command.action(async function (this: Command) {
      const opts = this.opts();
      const io = createIo(Boolean(opts.quiet));
      try {
        const code = await body({ args: this.processedArgs.flat() as string[], opts, io, command: this });
        if (typeof code === "number") state.code = code;
      } catch (err) {
        if (isA(err, "UsageError")) Object.assign(err, { commandPath: pathOf(this) });
        throw err;
      }
    });
    return command;
  };
  const local = (parent: Command, name: string, summary: string) =>
    leaf(parent, name, summary, ({ args, opts, io, command }) => ctx.local(pathOf(command), { args, opts, io }));
  const group = (name: string, summary: string) =>
    program.command(name).description(summary).helpGroup("Local mode only (they need the database):").usage("<command> [options]");

  program.commandsGroup("Secrets (local or remote mode):");
  secretsCommands(program, ctx, leaf);

  program.commandsGroup("Remote mode:");
  leaf(program, "login", "save a server URL and an API token (read from stdin or a prompt) for remote mode", ({ args, io }) => login(args[0]!, io))
    .argument("<URL>", "the server's base URL, e.g. https://secrets.example.com")
    .addHelpText(
      "after",
      "\nThe token is checked with one request, then saved with the URL in $XDG_CONFIG_HOME/secrets-manager/credentials.json " +
        "(~/.config/… by default), readable only by you. SECRETS_URL and SECRETS_TOKEN, when set, take precedence.",
    );
  leaf(program, "logout", "forget the saved server URL and token", ({ io }) => logout(io));

  program.commandsGroup("Local mode only (they need the database):");
  local(program, "trash", "list secrets in the trash").option("--json", "print JSON");
  local(program, "restore", "bring a secret back from the trash, optionally under a new name")
    .argument("<ID_OR_NAME>")
    .option("--name <N>", "a new name (when the old one is taken)");
  local(program, "purge", "delete a trashed secret for good (cannot be undone)").argument("<ID_OR_NAME>");
  local(program, "aliases", "list live aliases (old names kept after renames) and who still reads through them; extend or end one")
    .argument("[NAME]", "the secret's name, id or one of its aliases")
    .option("--json", "print JSON")
    .option("--extend <ALIAS>", "keep this alias answering for --days more days")
    .option("--days <N>", `with --extend: days from now (1-${MAX_ALIAS_DAYS})`)
    .option("--end <ALIAS>", "make this alias stop answering now")
    .addHelpText("after", "\nWithout NAME, every alias of every secret.");
  // Listed here for the overview only: lib/cli/main.ts hands `serve` to lib/server/serve.ts before parsing, with its own flags and help.
  program.command("serve").description("start the web app and the REST API (what npm start runs); see secrets serve --help").helpOption(false);

  const keys = group("keys", "the encryption keys: status, rotation, retirement");
  local(keys, "status", "show the root key and each KEK with how many data keys it wraps").option("--json", "print JSON");
  local(keys, "rotate", "make a new KEK active and re-wrap every data key; re-run to resume").option("--batch-size <N>", "data keys per transaction", "500");
  local(keys, "retire", "destroy a KEK that no longer wraps any data key").argument("<KEK_ID>", "the KEK's id, from secrets keys status");
  local(keys, "rotate-root", "re-wrap the keyring under a new root key read from stdin").addHelpText(
    "after",
    "\nGive the new key (base64 of 32 bytes, e.g. from `openssl rand -base64 32`) on stdin, or at the prompt.",
  );

  const db = group("db", "the database");
  local(db, "migrate", "apply pending database migrations (also done at every start)");

  const ROLE = "ROLE is owner, admin or member.";
  const users = group("users", "accounts and roles");
  local(users, "create", "create a user; the password is read from stdin (or a prompt); prints the new id")
    .requiredOption("--email <E>", "the sign-in email")
    .requiredOption("--role <ROLE>", "owner, admin or member")
    .option("--name <N>", "a display name")
    .addHelpText("after", `\n${ROLE} The password (at least 12 characters) is standard input; one trailing newline is removed.`);
  local(users, "list", "list users with their roles").option("--json", "print JSON");
  local(users, "set-role", "change a user's role (takes effect on their next request)").argument("<EMAIL>").argument("<ROLE>").addHelpText("after", `\n${ROLE}`);
  local(users, "disable", "disable a user and end their sessions").argument("<EMAIL>");
  local(users, "enable", "enable a disabled user").argument("<EMAIL>");
  local(users, "reset-password", "give a user a new password (read from stdin) and end their sessions")
    .argument("<EMAIL>")
    .addHelpText("after", "\nFor account recovery, including a locked-out owner: access to the server is the proof. One trailing newline of the password is removed.");
  local(users, "reset-2fa", "turn off a user's two-factor sign-in and end their sessions")
    .argument("<EMAIL>")
    .addHelpText("after", "\nFor a lost authenticator and recovery codes: they sign in with their password and can set up two-factor sign-in again.");
  local(users, "setup-code", "print the code that /setup asks for on a fresh install");

  const tokens = group("tokens", "API tokens for the REST API, the SDK and remote mode");
  local(tokens, "create", "create an API token; prints the token, once, and nothing else")
    .requiredOption("--name <N>", "a name, unique regardless of case, e.g. backend-prod")
    .requiredOption("--scopes <LIST>", "secrets:read, secrets:write or both, comma-separated")
    .option("--expires-in <TIME>", "12h, 90d, 2w, 1y… (at most 5y); default: never")
    .option("--names <PATTERNS>", "limit the token to these names, e.g. 'STRIPE_*,PAYPAL_*' (* matches anything, any case)")
    .addHelpText(
      "after",
      "\nThe token goes to standard output alone (TOKEN=$(secrets tokens create …)); it is stored only as a hash and cannot be shown again.",
    );
  local(tokens, "list", "list API tokens: scopes, secrets, status, expiry, last use and reads (never the tokens)").option("--json", "print JSON");
  local(tokens, "revoke", "revoke an API token: every instance refuses it within a second")
    .argument("<NAME>", "the token's name (any letter case) or id")
    .addHelpText("after", "\nA revoked token keeps its name, so the audit log keeps meaning one token.");

  const webhooks = group("webhooks", "signed webhooks on secret changes");
  local(webhooks, "add", "add an endpoint; prints its signing secret, once, and nothing else")
    .argument("<URL>", "where to POST the events (https)")
    .requiredOption("--events <LIST>", "comma-separated: secret.created, secret.updated, secret.deleted, secret.restored")
    .option("--description <D>", "what the endpoint is for");
  local(webhooks, "list", "list endpoints (never their signing secrets)").option("--json", "print JSON");
  local(webhooks, "remove", "remove an endpoint").argument("<ID>", "the endpoint's id, from secrets webhooks list");
  local(webhooks, "deliveries", "an endpoint's delivery log: status, attempts, response code, next retry")
    .argument("<ID>", "the endpoint's id")
    .option("--json", "print JSON");

  for (const command of everyCommand(program)) {
    const path = pathOf(command);
    command.exitOverride((err) => {
      if (err.code === "commander.excessArguments") {
        const extra = command.args.slice(command.registeredArguments.length);
        err.message = `unexpected argument${extra.length > 1 ? "s" : ""} ${extra.map((a) => `"${a}"`).join(" ")}`;
      }
      err.message = err.message.replace(/'([^']*)'/g, (_, q: string) => (q.startsWith("-") ? q.split(" ")[0]! : `"${q}"`));
      throw Object.assign(err, { commandPath: path });
    });
    command.configureOutput({ outputError: () => {} });
  }
  return program;
}

type Leaf = (parent: Command, name: string, summary: string, body: Body) => Command;

/** The commands that work in both modes. */
function secretsCommands(program: Command, ctx: Context, leaf: Leaf): void {
  leaf(program, "create", "create a secret; the value is read from stdin (or a hidden prompt); prints the new id", async ({ args: [name], opts, io }) => {
    // The backend first: in local mode the database is up before the command waits for stdin.
    const backend = await ctx.secrets();
    const value = await readValue(io, { what: `Value for ${name}`, keepNewline: Boolean(opts.keepNewline) });
    const id = await backend.create({ name: name!, value, description: str(opts, "description") });
    io.out(id);
    io.done(`Created ${name}`);
  })
    .argument("<NAME>", "1-50 letters, digits and _ + = - @ # $")
    .option("--description <D>", "at most 200 characters")
    .option("--keep-newline", "keep a trailing newline of stdin in the value (removed by default, with a note)")
    .addHelpText(
      "after",
      '\nThe value never goes on the command line. Pipe it (printf %s "$VALUE" | secrets create NAME) or type it at the prompt.\n' +
        "One trailing newline is removed from piped input (echo adds one), with a note; --keep-newline keeps it.",
    );

  leaf(program, "get", "print a secret's value and nothing else", async ({ args: [name], io }) => {
    const { value, warning } = await (await ctx.secrets()).read(name!);
    if (warning) io.note(`warning: ${warning}`);
    io.raw(value);
  }).argument("<NAME>", "the secret's name (or an old name kept as an alias, with a warning)");

  leaf(program, "list", "list secrets (names, descriptions, dates; never values)", async ({ opts, io }) => {
    const list = (await (await ctx.secrets()).list()).map(infoJson);
    if (opts.json) return io.out(json({ secrets: list }));
    if (!list.length) return io.out("no secrets");
    io.out(table([["NAME", "ID", "UPDATED", "DESCRIPTION"], ...list.map((s) => [s.name, s.id, iso(s.updatedDate), s.description])]));
  }).option("--json", "print JSON");

  leaf(program, "update", "rename (the old name stays an alias, 7 days by default), describe, or change the value", async ({ args: [ref], opts, io }) => {
    const name = str(opts, "name");
    const description = str(opts, "description");
    const aliasDays = aliasDaysOption(opts, name);
    if (name === undefined && description === undefined && !opts.valueStdin) throw new UsageError("nothing to change: give --name, --description or --value-stdin");
    const backend = await ctx.secrets();
    const before = await backend.find(ref!);
    const value = opts.valueStdin ? await readValue(io, { what: `New value for ${before.name}`, keepNewline: Boolean(opts.keepNewline) }) : undefined;
    const { aliasUntil } = await backend.update(before.id, { name, description, value }, aliasDays);
    const renamed = name !== undefined && name !== before.name;
    const changed = [renamed && "name", value !== undefined && "value", description !== undefined && description !== before.description && "description"].filter(Boolean);
    io.done(changed.length ? `Updated ${name ?? before.name} (${changed.join(", ")})` : `Nothing changed for ${before.name}`);
    if (renamed && name.toLowerCase() !== before.name.toLowerCase()) {
      io.done(aliasUntil ? `"${before.name}" still answers as an alias until ${iso(aliasUntil)}` : `"${before.name}" no longer answers: code asking for it fails from now on`);
    }
  })
    .argument("<ID_OR_NAME>")
    .option("--name <N>", "a new name")
    .option("--alias-days <D>", `with --name: days the old name keeps answering (1-${MAX_ALIAS_DAYS}, default ${DEFAULT_ALIAS_DAYS})`)
    .option("--no-alias", "with --name: the old name stops answering at once")
    .option("--description <D>", "a new description (\"\" clears it)")
    .option("--value-stdin", "a new value, from stdin or a hidden prompt (the previous one is kept as a version)")
    .option("--keep-newline", "with --value-stdin: keep a trailing newline of stdin")
    .addHelpText("after", '\nCode asking for the old name after a rename keeps working while the alias lives (local mode: see "secrets aliases").');

  leaf(program, "delete", "move a secret to the trash (restorable for 30 days)", async ({ args: [ref], io }) => {
    const backend = await ctx.secrets();
    const secret = await backend.find(ref!);
    await backend.remove(secret.id);
    io.done(`Moved ${secret.name} to the trash (${secret.id}); it can be restored for 30 days`);
  }).argument("<ID_OR_NAME>");

  leaf(program, "versions", "list a secret's value versions, or make version N current again", async ({ args: [ref], opts, io }) => {
    const restore = str(opts, "restore");
    const version = restore === undefined ? undefined : wholeNumber(restore, "--restore", "a version number");
    if (version === 0) throw new UsageError("--restore needs a version number (1 is the first value)");
    const backend = await ctx.secrets();
    const secret = await backend.find(ref!);
    if (version !== undefined) {
      await backend.restoreVersion(secret.id, version);
      io.done(`Restored version ${version} of ${secret.name} (as a new version)`);
    }
    const list = await backend.versions(secret.id);
    if (opts.json) return io.out(json({ versions: list }));
    io.out(
      table([
        ["VERSION", "CREATED", "BY", "BYTES", "FINGERPRINT", ""],
        ...list.map((v) => [String(v.version), iso(v.createdDate), v.createdBy, String(v.length ?? "-"), v.fingerprint ?? "-", v.current ? "current" : ""]),
      ]),
    );
  })
    .argument("<ID_OR_NAME>")
    .option("--json", "print JSON")
    .option("--restore <N>", "copy version N's value into a new current version")
    .addHelpText("after", "\nFINGERPRINT (local mode only) is a keyed hash prefix: equal values of one secret have equal fingerprints.");

  leaf(program, "import", "import a .env (or .json) file: all or nothing; reports created, updated and skipped", async ({ args: [file], opts, io }) => {
    const format = str(opts, "format") ?? (file!.toLowerCase().endsWith(".json") ? "json" : "env");
    if (format !== "env" && format !== "json") throw new UsageError(`--format is env or json (got "${format}")`);
    const label = file === "-" ? "stdin" : file!;
    const text = file === "-" ? await readStdinText("stdin") : readFileText(file!);
    const entries = format === "json" ? parseJsonFile(text, label) : parseEnvFile(text, label);
    if (!entries.length) throw new CliError(`${label}: holds no NAME=value lines; nothing was imported`);
    if (entries.length > IMPORT_MAX) throw new CliError(`${label}: holds ${entries.length} secrets; one import takes at most ${IMPORT_MAX} (split the file); nothing was imported`);
    const backend = await ctx.secrets();
    const result = await backend
      .importMany(
        entries.map((e): ImportItem => ({ name: e.name, value: e.value })),
        { overwrite: Boolean(opts.overwrite), dryRun: Boolean(opts.dryRun) },
      )
      .catch((err: unknown) => {
        throw importError(err, entries, label, format);
      });
    if (opts.json) return io.out(json(result));
    const would = result.dryRun ? "would be " : "";
    for (const n of result.created) io.out(`${would}created  ${n}`);
    for (const n of result.updated) io.out(`${would}updated  ${n}`);
    for (const s of result.skipped) io.out(`${would}skipped  ${s.name} (${s.reason === "exists" ? "exists; --overwrite replaces its value" : "unchanged"})`);
    const counts = `${result.created.length} created, ${result.updated.length} updated, ${result.skipped.length} skipped`;
    io.done(result.dryRun ? `Dry run of ${label}: ${counts}; nothing was changed` : `Imported ${label}: ${counts}`);
  })
    .argument("<FILE>", "a .env file, a .json object of NAME: value, or - for stdin")
    .option("--dry-run", "report what would happen; change nothing")
    .option("--overwrite", "give existing secrets the file's value (a new version) instead of skipping them")
    .option("--format <F>", "env or json (default: by the file's extension)")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      "\nThe file is read with dotenv. Every line is checked first: a line dotenv would skip, an unclosed quote, an empty value, " +
        "a name the secret rules refuse or a name given twice is reported as FILE:LINE, and then nothing at all is imported " +
        "(one transaction in local mode, one all-or-nothing API call in remote mode).",
    );

  leaf(program, "export", "print secrets as a .env file (or JSON) on stdout", async ({ opts, io }) => {
    const format = str(opts, "format") ?? "env";
    if (format !== "env" && format !== "json") throw new UsageError(`--format is env or json (got "${format}")`);
    const backend = await ctx.secrets();
    const names = await choose(backend, items(str(opts, "only")), str(opts, "prefix"));
    const entries = await readAll(backend, names);
    const text = format === "json" ? `${json(Object.fromEntries(entries.map((e) => [e.name, e.value])))}\n` : formatEnv(entries);
    io.raw(text);
    io.done(`Exported ${entries.length} secret${entries.length === 1 ? "" : "s"}`);
  })
    .option("--format <F>", "env (default) or json")
    .option("--only <NAMES>", "only these secrets (comma-separated)")
    .option("--prefix <P>", "only secrets whose names start with P (any letter case)")
    .addHelpText(
      "after",
      "\nThe .env output is quoted so that dotenv reads every value back byte for byte (line breaks, quotes, #, =, $, backslashes, unicode); " +
        "a value that cannot be written so is refused, naming the secret (use --format json for it). Mind where stdout goes: values are in it.",
    );

  leaf(program, "run", "start a command with the secrets as environment variables", async ({ args, opts, io }) => {
    const [command, ...commandArgs] = args;
    if (!command) throw new UsageError("give the command to run after --, e.g. secrets run -- node server.js");
    const backend = await ctx.secrets();
    const names = await choose(backend, items(str(opts, "only")), str(opts, "prefix"));
    const invalid = names.filter((n) => !ENV_NAME.test(n));
    if (invalid.length) {
      const one = invalid.length === 1;
      io.note(`warning: skipped ${invalid.map((n) => `"${n}"`).join(", ")}: ${one ? "not a valid environment variable name" : "not valid environment variable names"} (letters, digits and _, not starting with a digit)`);
    }
    const entries = await readAll(backend, names.filter((n) => ENV_NAME.test(n)));
    // Nothing of ours stays open while the program runs (in local mode: no database connection, no embedded database).
    await ctx.close();
    return runWithSecrets(command, commandArgs, Object.fromEntries(entries.map((e) => [e.name, e.value])));
  })
    .usage("[options] -- <command> [args...]")
    .argument("<command...>", "the program and its arguments (after --)")
    .option("--only <NAMES>", "only these secrets (comma-separated)")
    .option("--prefix <P>", "only secrets whose names start with P (any letter case)")
    .passThroughOptions()
    .addHelpText(
      "after",
      "\nEvery secret you can read becomes a variable of the same name (names that are not valid variable names are skipped with a warning). " +
        "The values go to the program's environment only, never to disk. SIGINT, SIGTERM and SIGHUP are passed to it; " +
        "secrets exits with its exit code (128 + the signal's number if a signal ended it).\n\nExample: secrets run --prefix STRIPE_ -- node server.js",
    );
}

function aliasDaysOption(opts: Opts, name: string | undefined): number | undefined {
  const days = str(opts, "aliasDays");
  const noAlias = opts.alias === false;
  if (noAlias && days !== undefined) throw new UsageError("give --alias-days or --no-alias, not both");
  if (name === undefined && (noAlias || days !== undefined)) throw new UsageError("--alias-days and --no-alias go with --name");
  if (name === undefined) return undefined;
  if (noAlias) return 0;
  if (days === undefined) return DEFAULT_ALIAS_DAYS;
  const n = wholeNumber(days, "--alias-days", "a whole number of days");
  if (n < 1 || n > MAX_ALIAS_DAYS) throw new UsageError(`--alias-days must be a whole number of days from 1 to ${MAX_ALIAS_DAYS} (or --no-alias)`);
  return n;
}

const infoJson = (s: SecretMeta) => ({ id: s.id, name: s.name, description: s.description, createdDate: s.createdDate, updatedDate: s.updatedDate });

/** The names a run or export takes: --only's (each must exist), else every readable secret; then --prefix. */
async function choose(backend: SecretsBackend, only: string[], prefix: string | undefined): Promise<string[]> {
  const all = await backend.list();
  let names = all.map((s) => s.name);
  if (only.length) {
    const byKey = new Map(all.map((s) => [s.name.toLowerCase(), s.name]));
    const missing = only.filter((n) => !byKey.has(n.toLowerCase()));
    if (missing.length) throw new CliError(`No secret named ${missing.map((n) => `"${n}"`).join(", ")} (or this token may not read it)`);
    names = [...new Set(only.map((n) => byKey.get(n.toLowerCase())!))];
  }
  if (prefix !== undefined) names = names.filter((n) => n.toLowerCase().startsWith(prefix.toLowerCase()));
  return names;
}

/** Every value, eight reads at a time (each read is audited as usual). */
async function readAll(backend: SecretsBackend, names: string[]): Promise<{ name: string; value: string }[]> {
  const values: { name: string; value: string }[] = new Array(names.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, names.length) }, async () => {
      while (next < names.length) {
        const i = next++;
        values[i] = { name: names[i]!, value: (await backend.read(names[i]!)).value };
      }
    }),
  );
  return values;
}

function readFileText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? `${file}: no such file` : code === "EISDIR" ? `${file}: is a folder` : `${file}: cannot be read (${code ?? "error"})`);
  }
  return decodeUtf8(bytes, file);
}

/** A refusal of the whole import, pointed at the file's line: the service names items by index (`secrets[3].name`), a conflict by name. */
function importError(err: unknown, entries: EnvEntry[], file: string, format: string): unknown {
  if (!(err instanceof Error)) return err;
  const at = (e: EnvEntry) => `${file}:${format === "json" ? "entry " : ""}${e.line}`;
  const indexed = /^secrets\[(\d+)\]\.(\w+): ([\s\S]*)$/.exec(err.message);
  const entry = indexed ? entries[Number(indexed[1])] : entries.find((e) => err.message.includes(`"${e.name}"`));
  if (!entry) return err;
  const message = indexed ? `${entry.name}: ${indexed[2]} ${indexed[3]}` : err.message;
  return new CliError(`${at(entry)}: ${message}\nnothing was imported`);
}

function* everyCommand(command: Command): Generator<Command> {
  yield command;
  for (const sub of command.commands) yield* everyCommand(sub);
}

/** "keys retire" for the retire command under keys. */
function pathOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}
