import { parseArgs, str, UsageError } from "../cli/args";
import { AppError } from "../errors";
import { bootstrap } from "../runtime/bootstrap";
import { seedSecrets } from "../secrets/seed";

/**
 * npm run seed -- --secrets N [--prefix P] [--batch-size B]: adds N secrets
 * with random names and values to the configured database (the embedded one
 * by default), through the real envelope encryption and MACs, in batches.
 */
const USAGE = "usage: npm run seed -- --secrets N [--prefix P] [--batch-size B]";

export async function main(argv: string[]): Promise<number> {
  let rt: Awaited<ReturnType<typeof bootstrap>> | undefined;
  try {
    const p = parseArgs(argv, { values: ["secrets", "prefix", "batch-size"] });
    if (p.flags.has("help")) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const count = Number(str(p, "secrets"));
    const batchSize = Number(str(p, "batch-size") ?? 2000);
    if (!Number.isInteger(count) || count < 1) throw new UsageError("--secrets N is required (a positive whole number)");
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError("--batch-size must be a positive whole number");
    rt = await bootstrap({ warn: (l) => process.stderr.write(l + "\n") });
    let shown = 0;
    const r = await seedSecrets({
      count,
      prefix: str(p, "prefix"),
      batchSize,
      actor: { id: "cli:seed", source: "cli" },
      onProgress: (done) => {
        if (process.stderr.isTTY && done - shown >= 10_000) process.stderr.write(`\r${(shown = done)} / ${count}`);
      },
    });
    if (process.stderr.isTTY && shown) process.stderr.write("\n");
    process.stdout.write(`seeded ${r.created} secrets in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.created / (r.ms / 1000))}/s)\n`);
    return 0;
  } catch (err) {
    const message = err instanceof UsageError ? `${err.message}\n${USAGE}` : err instanceof AppError ? err.message : `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`seed: ${message}\n`);
    return err instanceof UsageError ? 2 : 1;
  } finally {
    await rt?.shutdown();
  }
}
