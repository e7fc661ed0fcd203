import "server-only";
import pg from "pg";
import { config } from "../config";
import { attemptDelivery, type DeliveryDeps } from "./deliver";
import { DELIVER_TASK } from "./outbox";
import { selfOrigin } from "./ssrf";
import { WORKER_SCHEMA } from "./worker-schema";

/**
 * The webhook worker: graphile-worker running in every server process (the
 * full server and --api-only ones alike), as the app role, on a small pool
 * of its own. Jobs are rows, so any instance may send any delivery, and one
 * queued by the CLI or another instance is picked up within moments
 * (graphile-worker LISTENs for new jobs and polls every 2 s besides).
 * Deliveries older than 30 days, once settled, are pruned hourly.
 */
export const WORKER_CONCURRENCY = 4;
const PRUNE_TASK = "webhook_prune";
export const DELIVERY_LOG_DAYS = 30;

export type WebhookWorker = { stop(): Promise<void> };

export async function startWebhookWorker(opts: {
  log?: (line: string) => void;
  /** Tests only (see DeliveryDeps). */
  resolve?: DeliveryDeps["resolve"];
} = {}): Promise<WebhookWorker> {
  const settings = config();
  if (!settings.databaseUrl) throw new Error("DATABASE_URL is not set: start the worker after bootstrap");
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: WORKER_CONCURRENCY + 2, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  // A connection the server dropped (idle or checked out) must not crash the process.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  const deps: DeliveryDeps = { pool, retryBaseSeconds: settings.webhookRetryBaseSeconds, self: selfOrigin(settings), resolve: opts.resolve };
  const { run, Logger } = await import("graphile-worker");
  const log = opts.log;
  // Warnings and errors only, as one short line each (safe-log bounds them again); no job payloads.
  const logger = new Logger(() => (level, message) => {
    if (level === "error" || level === "warning") log?.(`webhooks: ${String(message).split("\n")[0]!.slice(0, 300)}`);
  });
  const runner = await run({
    pgPool: pool,
    schema: WORKER_SCHEMA,
    concurrency: WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 2000,
    logger,
    crontab: `17 * * * * ${PRUNE_TASK}`,
    taskList: {
      [DELIVER_TASK]: async (payload) => {
        const id = (payload as { deliveryId?: unknown } | null)?.deliveryId;
        if (typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id)) await attemptDelivery(id, deps);
      },
      [PRUNE_TASK]: async () => {
        await pool.query(
          `delete from webhook_deliveries where status in ('delivered', 'failed') and created_at < now() - make_interval(days => $1)`,
          [DELIVERY_LOG_DAYS],
        );
      },
    },
  });
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        await runner.stop().catch(() => {});
        await pool.end().catch(() => {});
      })();
      return stopped;
    },
  };
}
