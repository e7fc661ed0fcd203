import { spawnSync } from "node:child_process";
import path from "node:path";
import { startServer } from "../testing/api-server";
import { createToken } from "../tokens/service";

/**
 * bin/secrets as a user runs it, each figure the median wall time of 5
 * whole processes after one warm-up, beside bare `node -e ''` start-up in
 * the same session: local mode (the database layer loads: ~1 s) and remote
 * mode (SECRETS_URL and a token against `serve --api-only` on the same
 * database; the small bundle only: the goal is under 300 ms).
 */
export async function benchCli(opts: {
  url: string;
  ownerUrl: string;
  rootKey: Buffer;
  /** An existing secret to read. */
  name: string;
  run: string;
  report: (what: string, figure: string, ratio?: string) => void;
}): Promise<void> {
  const bin = path.resolve(import.meta.dirname, "../../bin/secrets");
  const database = { DATABASE_URL: opts.url, DATABASE_OWNER_URL: opts.ownerUrl, SECRETS_ROOT_KEY: opts.rootKey.toString("base64") };
  // No saved login or remote settings of the machine's user may leak in.
  const localEnv = { ...process.env, ...database, SECRETS_URL: "", SECRETS_TOKEN: "", XDG_CONFIG_HOME: "/nonexistent" };
  const wall = (args: string[], env: NodeJS.ProcessEnv, input = "") => {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { input, env });
    if (r.status !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
    return performance.now() - t;
  };
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const five = (fn: (i: number) => number, warmups = 1) => {
    for (let i = 0; i < warmups; i++) fn(-1 - i); // warm-up (and, after a source change, the bundles' rebuild)
    return median([0, 1, 2, 3, 4].map(fn));
  };

  const nodeStart = five(() => wall(["-e", ""], localEnv));
  opts.report("baseline: node -e '' start-up", `${nodeStart.toFixed(0)} ms`);
  const ratio = (ms: number) => `${(ms / nodeStart).toFixed(1)}x baseline`;
  const create = five((i) => wall([bin, "create", `CLI_${opts.run}_${i + 10}`, "--quiet"], localEnv, "v"));
  opts.report("bin/secrets create, local mode (wall, median of 5)", `${create.toFixed(0)} ms`, ratio(create));
  const getLocal = five(() => wall([bin, "get", opts.name], localEnv));
  opts.report("bin/secrets get, local mode (wall, median of 5)", `${getLocal.toFixed(0)} ms`, ratio(getLocal));

  const { token } = await createToken({ id: "bench", source: "bench" }, { name: `bench-cli-${opts.run}`, scopes: ["secrets:read"] });
  const server = await startServer({ apiOnly: true, env: database });
  try {
    const remoteEnv = { ...localEnv, SECRETS_URL: server.url, SECRETS_TOKEN: token };
    // A just-started server is still starting its webhook worker: let it settle, as a running service would be.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const getRemote = five(() => wall([bin, "get", opts.name], remoteEnv), 3);
    opts.report("bin/secrets get, remote mode (wall, median of 5)", `${getRemote.toFixed(0)} ms`, `${ratio(getRemote)}; goal < 300 ms`);
  } finally {
    await server.stop();
  }
}
