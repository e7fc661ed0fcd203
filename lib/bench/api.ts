import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import type { Keyring } from "../keys/keyring";
import { createToken } from "../tokens/service";
import { freePort } from "../testing/ports";

/**
 * The REST API's value read under load (autocannon, loopback) against a
 * bare reference in the same session: lib/bench/bare-server.mjs does the
 * same lookup and decryption with nothing else. Both run as their own
 * processes with the same pool size; rounds alternate (A B A B A B) and the
 * medians are compared, so one busy moment does not decide the ratio.
 */
type Report = (what: string, figure: string, ratio?: string) => void;
const ROOT = path.resolve(import.meta.dirname, "../..");
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 4);
const CONNECTIONS = 16;
const ROUNDS = 3;

export async function benchApi(opts: { url: string; ownerUrl: string; rootKey: Buffer; ring: Keyring; names: string[]; report: Report }) {
  const { report, names } = opts;
  const { token } = await createToken({ id: "bench", source: "bench" }, { name: `bench-${Date.now().toString(36)}`, scopes: ["secrets:read"] });
  const kekRows = await import("../db/client").then(({ db }) => db().kek.findMany({ select: { id: true } }));
  const unwrapped = Object.fromEntries(await Promise.all(kekRows.map(async (k) => [k.id, (await opts.ring.key(k.id)).toString("base64")])));
  const env = {
    ...process.env,
    DATABASE_URL: opts.url,
    DATABASE_OWNER_URL: opts.ownerUrl,
    SECRETS_ROOT_KEY: opts.rootKey.toString("base64"),
    SECRETS_API_POOL_MAX: String(CONNECTIONS),
    // The bench measures the read path, not the limits.
    SECRETS_API_RATE_PER_TOKEN: "10000000",
    SECRETS_API_RATE_PER_ADDRESS: "10000000",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const apiPort = await freePort();
  const barePort = await freePort();
  const api = await start([path.join(ROOT, "bin/secrets"), "serve", "--api-only"], { ...env, PORT: String(apiPort) }, /Ready on/);
  const auditedPort = await freePort();
  const bareEnv = { ...env, BENCH_KEKS: JSON.stringify(unwrapped) };
  const bare = await start([path.join(ROOT, "lib/bench/bare-server.mjs")], { ...bareEnv, PORT: String(barePort) }, /ready/);
  const audited = await start([path.join(ROOT, "lib/bench/bare-server.mjs")], { ...bareEnv, PORT: String(auditedPort), BENCH_BARE_AUDIT: "1" }, /ready/);
  try {
    const load = async (port: number, auth: boolean) => {
      let i = 0;
      const result = await autocannon({
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [
          {
            method: "GET",
            headers: auth ? { authorization: token } : {},
            setupRequest: (req: { path?: string }) => ({ ...req, path: `/api/v1/secrets/name/${encodeURIComponent(names[i++ % names.length]!)}` }),
          },
        ],
      });
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`port ${port}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
      return { rps: result.requests.average, p99: result.latency.p99 };
    };
    // Warm both (JIT, prepared statements, connections).
    await load(apiPort, true);
    await load(barePort, false);
    await load(auditedPort, false);
    const apiRuns: { rps: number; p99: number }[] = [];
    const bareRuns: { rps: number; p99: number }[] = [];
    const auditedRuns: { rps: number; p99: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      bareRuns.push(await load(barePort, false));
      auditedRuns.push(await load(auditedPort, false));
      apiRuns.push(await load(apiPort, true));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const bareRps = median(bareRuns.map((x) => x.rps));
    const apiRps = median(apiRuns.map((x) => x.rps));
    report(`baseline: bare node http + pg + decrypt (${CONNECTIONS} conns)`, `${Math.round(bareRps)} req/s`, `p99 ${median(bareRuns.map((x) => x.p99))} ms`);
    const auditedRps = median(auditedRuns.map((x) => x.rps));
    report("baseline: the same + the audit row insert", `${Math.round(auditedRps)} req/s`, `${(auditedRps / bareRps).toFixed(2)}x bare, p99 ${median(auditedRuns.map((x) => x.p99))} ms`);
    report(
      "REST API GET /secrets/name/{name} (token, audit, MACs, counters)",
      `${Math.round(apiRps)} req/s`,
      `${(apiRps / auditedRps).toFixed(2)}x bare+audit, ${(apiRps / bareRps).toFixed(2)}x bare, p99 ${median(apiRuns.map((x) => x.p99))} ms`,
    );
  } finally {
    for (const c of [api, bare, audited]) c.kill("SIGTERM");
    await Promise.all([exited(api), exited(bare), exited(audited)]);
  }
}

function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // BENCH_API_PROFILE=<dir> writes a CPU profile of the API server (node --cpu-prof) for a look at where its time goes.
    const prof = process.env.BENCH_API_PROFILE && args.includes("--api-only") ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_API_PROFILE}`] : [];
    const child = spawn(process.execPath, [...prof, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start: ${out.slice(-500)}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${out.slice(-500)}`)));
  });
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null ? r() : c.once("exit", () => r())));
