import http from "node:http";
import type https from "node:https";
import { config, ConfigError, type Config } from "../config";
import { PROJECT_ROOT } from "../config/paths";
import { bootstrap, type Runtime } from "../runtime/bootstrap";
import { parseArgs } from "../cli/args";
import { buildIfNeeded } from "./build";
import { setupCode } from "../users/setup-code";
import { ACTION_BODY_LIMIT_BYTES } from "../actions/limits";
import { closePool } from "../db/pool";
import { stopListening } from "../db/notify";
import { startHousekeeping } from "./housekeeping";
import { installSafeLogging } from "./safe-log";
import { createTlsServer, describeCertificate, readTlsFiles, reloadOnSighup, STRICT_TRANSPORT_SECURITY, type TlsMaterial } from "./tls";

/**
 * `npm start` (and `npm run dev` with --dev): claim the port, build when
 * needed, open the database (embedded by default) and the keyring, then
 * serve Next.js. The REST API (/api/v1) is answered here, in front of Next's
 * request pipeline, as soon as the database and keyring are ready; with
 * --api-only Next is never built or loaded. With SECRETS_TLS_CERT_FILE and
 * SECRETS_TLS_KEY_FILE the same listener is served over https. Any failure
 * is one line on stderr, a non-zero exit, and the embedded database stopped.
 */
const ROOT = PROJECT_ROOT;
const log = (line: string) => process.stdout.write(`[secrets] ${line}\n`);
const warn = (line: string) => process.stderr.write(`[secrets] ${line}\n`);

const USAGE = `usage: secrets serve [--dev] [--no-build] [--api-only]

Build if needed, migrate, and serve the web app and the REST API on PORT (default 3000).
  --dev        Next's development server (hot reload) on the same database instead of a production build.
  --no-build   serve the existing build as it is, even if the sources changed.
  --api-only   serve only the REST API (/api/v1): no build and no Next.js, so it starts in about a second;
               every other path answers 404. For a fleet of API instances beside one dashboard.
With SECRETS_TLS_CERT_FILE and SECRETS_TLS_KEY_FILE set it serves https (with HSTS) instead of http;
send the process SIGHUP to re-read both files after renewing the certificate.
`;

type Api = typeof import("../api/server");

export async function serve(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { booleans: ["no-build", "dev", "api-only"] });
  if (args.flags.has("help")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const dev = args.flags.has("dev");
  const apiOnly = args.flags.has("api-only");
  if (apiOnly && dev) {
    warn("cannot start: --api-only serves no web app, so --dev has nothing to reload");
    return 2;
  }
  const started = performance.now();
  let settings: Config;
  let tlsMaterial: TlsMaterial | undefined;
  try {
    settings = config();
    if (settings.tls) tlsMaterial = readTlsFiles(settings.tls);
  } catch (err) {
    warn(`cannot start: ${(err as Error).message}`);
    return 1;
  }
  const port = settings.port;

  // Every console line of this process (ours, Next's, Auth.js's) is bounded and escaped from here on.
  installSafeLogging();

  // The API's module is loaded lazily so the other CLI commands, which share this bundle, never run it.
  const api: Api = await import("../api/server");
  let runtime: Runtime | undefined;
  let handle: http.RequestListener | undefined;
  const listener: http.RequestListener = (req, res) => {
    // The client address for throttling and the audit log, set here so a client cannot forge it.
    req.headers["x-secrets-client-ip"] = clientIp(req);
    if (servedOverHttps(req, tlsMaterial !== undefined)) res.setHeader("strict-transport-security", STRICT_TRANSPORT_SECURITY);
    if (api.isApiPath(req.url)) {
      // The API needs the database and keyring only: it does not wait for Next to be built or prepared.
      if (!runtime) return apiError(res, 503, "UNAVAILABLE", "Starting…", { "retry-after": "2" });
      return void api.handleApi(req, res).catch((err: unknown) => apiCrashed(res, err));
    }
    if (apiOnly) return apiError(res, 404, "NOT_FOUND", "This server answers only the REST API under /api/v1.");
    const tooLarge = actionBodyRefusal(req);
    if (tooLarge) {
      res.writeHead(tooLarge, { "content-type": "text/plain; charset=utf-8", connection: "close" });
      return void res.end(tooLarge === 413 ? "Request too large.\n" : "Content-Length required.\n");
    }
    if (possibleServerAction(req)) answerMalformedActionsWith400(res);
    if (handle) return void handle(req, res);
    // Until Next is ready every page gets a 503, so a load balancer or a test waits rather than failing.
    res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "5" });
    res.end("Starting… try again in a few seconds.\n");
  };
  const server: http.Server | https.Server = tlsMaterial ? createTlsServer(tlsMaterial, listener) : http.createServer(listener);
  const stopReloading = tlsMaterial && settings.tls ? reloadOnSighup(server as https.Server, settings.tls, { info: log, warn }) : () => {};

  let stopping = false;
  let webhooks: { stop(): Promise<void> } | undefined = undefined;
  /** Everything this process opened, in order; each step runs even if one before it failed. */
  const stopAll = async () => {
    stopReloading();
    server.close();
    server.closeAllConnections();
    await api.stopApi().catch(() => {});
    // Lets an attempt in flight finish (each is bounded by its 10-second timeout) before the database goes.
    await webhooks?.stop().catch(() => {});
    await closePool();
    await stopListening();
    const rt = runtime;
    runtime = undefined;
    await rt?.shutdown();
  };
  let resolveStopped: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    void stopAll().then(() => resolveStopped(0));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    await listen(server, port);
    const booting = bootstrap({ log, warn }).then((rt) => {
      runtime = rt;
      return rt;
    });
    const building = apiOnly || dev || args.flags.has("no-build") ? Promise.resolve(false) : buildIfNeeded(ROOT, log);
    await Promise.all([building, booting]);
    if (stopping) {
      // A signal came while starting: the database opened after stopAll looked must be closed too.
      const code = await stopped;
      await stopAll().catch(() => {});
      return code;
    }
    if (!apiOnly) {
      // Loaded here, not at the top: the CLI bundle includes this file, and other commands need no Next.js.
      const { default: next } = await import("next");
      const app = next({ dev, dir: ROOT, port, httpServer: server as http.Server, quiet: !dev });
      await app.prepare();
      handle = app.getRequestHandler() as http.RequestListener;
    }
  } catch (err) {
    warn(`cannot start: ${describeStartError(err, port)}`);
    await stopAll().catch(() => {});
    return 1;
  }
  const rt = runtime!;
  const where = rt.embedded ? `embedded PostgreSQL in ${rt.config.dataDir}` : "DATABASE_URL";
  const url = rt.config.publicUrl ?? `${tlsMaterial ? "https" : "http"}://localhost:${port}`;
  if (tlsMaterial) log(`TLS: ${describeCertificate(tlsMaterial)}; SIGHUP re-reads the certificate and key files`);
  const mode = apiOnly ? " (REST API only)" : dev ? " (development, hot reload)" : "";
  log(`Ready on ${url}${mode} (${where}) in ${Math.round(performance.now() - started)} ms`);
  const stopHousekeeping = startHousekeeping({ log: warn });
  // The webhook worker (graphile-worker, lib/webhooks/worker.ts) runs in every server, --api-only ones too.
  webhooks = await import("../webhooks/worker")
    .then((w) => w.startWebhookWorker({ log: warn }))
    .catch((err: unknown) => void warn(`webhooks: the delivery worker did not start (${err instanceof Error ? err.message.split("\n")[0]!.slice(0, 200) : "error"}); deliveries stay queued`));
  if (stopping) await webhooks?.stop();
  // The setup page belongs to the web app; an API-only instance has none to point at.
  if (!apiOnly) await announceSetup(url);

  const code = await stopped;
  stopHousekeeping();
  return code;
}

/** The REST API's error envelope (Wix's), for the answers given before or instead of the API's handler. */
function apiError(res: http.ServerResponse, status: number, code: string, description: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify({ message: description, details: { applicationError: { code, description } } }));
}

/** The API's handler answers every error itself; this is the net under it: a generic 500, the error's name only in the log. */
function apiCrashed(res: http.ServerResponse, err: unknown) {
  warn(`api: unexpected ${err instanceof Error ? err.name : "error"}`);
  if (res.headersSent) return void res.destroy();
  apiError(res, 500, "INTERNAL", "Internal error.");
}

function listen(server: http.Server | https.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
}

function describeStartError(err: unknown, port: number): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === "EADDRINUSE") return `port ${port} is already in use (set PORT to another port, or stop the other server)`;
  if (code === "EACCES") return `no permission to listen on port ${port} (use a port above 1023)`;
  if (err instanceof ConfigError) return err.message;
  const first = (err instanceof Error ? err.message : String(err)).split("\n").find((l) => l.trim()) ?? "unknown error";
  return first.slice(0, 2000);
}

/** A fresh install: say where to create the owner, with the one-time setup code (lib/users/setup-code.ts). */
async function announceSetup(url: string) {
  const code = await setupCode().catch(() => null);
  if (code) log(`First run: open ${url}/setup and enter the setup code ${code}`);
}

/**
 * Server action bodies are bounded before Next reads them: browsers always
 * send a Content-Length, so a chunked one (unknown size) or one over the
 * limit is refused here instead of ending as a 500 deep inside Next.
 */
function actionBodyRefusal(req: http.IncomingMessage): 411 | 413 | null {
  if (!possibleServerAction(req)) return null;
  const length = req.headers["content-length"];
  if (length === undefined) return 411;
  return Number(length) > ACTION_BODY_LIMIT_BYTES ? 413 : null;
}

/**
 * What Next may treat as a server action: a POST with the Next-Action header,
 * or a form post (multipart or urlencoded) to a page — the no-JavaScript
 * path, whose action id travels in the body. Route handlers under /api/ are
 * not actions.
 */
function possibleServerAction(req: http.IncomingMessage): boolean {
  if (req.method !== "POST" || req.url?.startsWith("/api/")) return false;
  if (req.headers["next-action"]) return true;
  return /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(req.headers["content-type"] ?? "");
}

/**
 * Every action is built with defineAction, which turns every error into a
 * result; so a 500 on an action POST means Next could not even decode the
 * request (a body our UI never sends). Say so with a 400, not a 500.
 */
function answerMalformedActionsWith400(res: http.ServerResponse) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, status: number, ...rest: unknown[]) {
    return (writeHead as (...args: unknown[]) => http.ServerResponse).call(this, status === 500 ? 400 : status, ...rest);
  } as typeof res.writeHead;
}

/**
 * The request reached the app over https: through this server's own TLS, or
 * through a proxy that says so in X-Forwarded-Proto when SECRETS_TRUST_PROXY
 * says the proxy is ours. The one place that decides HSTS, for every
 * response (API, pages, static files).
 */
function servedOverHttps(req: http.IncomingMessage, ownTls: boolean): boolean {
  if (ownTls) return true;
  if (!config().trustProxy) return false;
  return String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]!.trim().toLowerCase() === "https";
}

function clientIp(req: http.IncomingMessage): string {
  if (config().trustProxy) {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (forwarded.length) return forwarded[forwarded.length - 1]!;
  }
  return req.socket.remoteAddress ?? "unknown";
}
