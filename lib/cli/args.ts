/**
 * A small argv parser: positionals, --flag, --key value and --key=value.
 * bin/secrets itself parses with commander (lib/cli/program.ts); this stays
 * for `secrets serve` and bin/seed, which parse their own few flags. Its
 * UsageError is the CLI's too (exit code 2).
 */
export type Parsed = { positionals: string[]; flags: Map<string, string | true> };

export class UsageError extends Error {
  override name = "UsageError";
}

export function parseArgs(argv: string[], spec: { values?: string[]; booleans?: string[] }): Parsed {
  const values = new Set(spec.values ?? []);
  const booleans = new Set([...(spec.booleans ?? []), "help"]);
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      flags.set("help", true);
      continue;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const key = arg.slice(2, eq === -1 ? undefined : eq);
    if (booleans.has(key)) {
      if (eq !== -1) throw new UsageError(`--${key} takes no value`);
      flags.set(key, true);
    } else if (values.has(key)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`--${key} needs a value`);
      flags.set(key, value);
    } else {
      throw new UsageError(`unknown option --${key}`);
    }
  }
  return { positionals, flags };
}

export function str(p: Parsed, key: string): string | undefined {
  const v = p.flags.get(key);
  return typeof v === "string" ? v : undefined;
}
