import "server-only";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type pg from "pg";
import { DELIVER_TASK, JOB_MAX_ATTEMPTS, jobKey } from "./outbox";
import { decryptSigningSecret, signatureHeaders } from "./signing";
import { checkTarget, parseEndpointUrl, TargetRefused, type CheckedTarget, type SelfOrigin, type TargetPolicy } from "./ssrf";

/**
 * One attempt at one delivery, run by the webhook worker's task
 * (lib/webhooks/worker.ts). It re-checks the endpoint's address (SSRF,
 * after DNS resolution), signs the stored body (Standard Webhooks: a fresh
 * timestamp, the event's id), POSTs it to the checked address with a
 * 10-second limit and no redirects followed, reads the status and nothing
 * of the response body, and records the outcome. A failure is retried by
 * re-queueing the job for later in the same transaction as the log row:
 * after the base delay, then each time as long again as has passed since
 * the event (so the gaps double), at most 4 hours apart, until 24 hours
 * after the event (or after a resend); then the delivery is failed.
 */
export const ATTEMPT_TIMEOUT_MS = 10_000;
export const MAX_RETRY_GAP_SECONDS = 4 * 3600;
export const RETRY_WINDOW_HOURS = 24;
const USER_AGENT = "SecretsManager-Webhooks/1.0";

export type DeliveryDeps = {
  /** The app role's pool (the worker's). */
  pool: pg.Pool;
  retryBaseSeconds: number;
  self: SelfOrigin;
  /** Tests only: a resolver, to show that names are judged by what they resolve to. */
  resolve?: TargetPolicy["resolve"];
  timeoutMs?: number;
};

export type AttemptOutcome = "skipped" | "delivered" | "retrying" | "failed";

type Row = {
  id: string;
  event_id: string;
  payload: string;
  status: string;
  attempts: number;
  retry_until: Date;
  endpoint_id: string;
  url: string;
  secret_enc: Uint8Array;
  allow_private: boolean | null;
};

type Result = { ok: boolean; statusCode: number | null; error: string | null; retry: boolean };

export async function attemptDelivery(deliveryId: string, deps: DeliveryDeps): Promise<AttemptOutcome> {
  const { rows } = await deps.pool.query<Row>(
    `select d.id, d.event_id, d.payload, d.status, d.attempts, d.retry_until, e.id as endpoint_id, e.url, e.secret_enc,
            (select webhooks_allow_private from site_settings where id = 1) as allow_private
     from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
     where d.id = $1`,
    [deliveryId],
  );
  const row = rows[0];
  // Removed with its endpoint, or already settled (a stale job after a resend raced it).
  if (!row || row.status === "delivered" || row.status === "failed") return "skipped";
  const result = await send(row, deps);
  return record(row, result, deps);
}

async function send(row: Row, deps: DeliveryDeps): Promise<Result> {
  let target: CheckedTarget;
  try {
    target = await checkTarget(parseEndpointUrl(row.url), { allowPrivate: row.allow_private === true, self: deps.self, resolve: deps.resolve });
  } catch (err) {
    if (err instanceof TargetRefused) return { ok: false, statusCode: null, error: `refused: the URL ${err.message.replace(/^url: /, "")}`, retry: false };
    throw err;
  }
  let secret: string;
  try {
    secret = await decryptSigningSecret(row.endpoint_id, row.secret_enc);
  } catch {
    return { ok: false, statusCode: null, error: "the signing secret could not be opened (root key?)", retry: false };
  }
  const headers = { "content-type": "application/json", "user-agent": USER_AGENT, ...signatureHeaders(secret, row.event_id, row.payload) };
  return post(target, row.payload, headers, deps.timeoutMs ?? ATTEMPT_TIMEOUT_MS);
}

/**
 * POSTs to the address that was checked (the lookup answers with it, so
 * https still verifies the certificate against the URL's host name). Only
 * the status line is read; the body is dropped unread.
 */
export function post(target: CheckedTarget, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Result> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = client.request(
      target.url,
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, lookup, agent: false },
      (res) => {
        const code = res.statusCode ?? 0;
        res.destroy();
        req.destroy();
        const ok = code >= 200 && code < 300;
        const redirect = code >= 300 && code < 400 ? " (redirects are not followed)" : "";
        done({ ok, statusCode: code, error: ok ? null : `HTTP ${code}${redirect}`, retry: !ok });
      },
    );
    const timer = setTimeout(() => {
      done({ ok: false, statusCode: null, error: `no answer within ${timeoutMs / 1000} s`, retry: true });
      req.destroy();
    }, timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => done({ ok: false, statusCode: null, error: networkError(err), retry: true }));
    req.end(body);
  });
}

/** A short, safe description of a network failure: its code, never a message that might quote a response. */
function networkError(err: NodeJS.ErrnoException): string {
  const code = typeof err.code === "string" && /^[A-Z0-9_]{1,60}$/.test(err.code) ? err.code : "";
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    ETIMEDOUT: "connection timed out",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    EPIPE: "connection closed while sending",
  };
  if (known[code]) return known[code];
  if (/CERT|TLS|SSL/.test(code)) return `TLS error (${code})`;
  return code ? `network error (${code})` : "network error";
}

/**
 * When to try again after a failed attempt: the base delay at first, then
 * as long again as has passed since the window opened (doubling gaps), at
 * most 4 hours apart, and never past the window's end; null when the window
 * is over.
 */
export function nextAttemptAt(now: Date, retryUntil: Date, baseSeconds: number): Date | null {
  if (now.getTime() >= retryUntil.getTime()) return null;
  const windowStart = retryUntil.getTime() - RETRY_WINDOW_HOURS * 3_600_000;
  const elapsed = Math.max(0, now.getTime() - windowStart);
  const gap = Math.min(Math.max(baseSeconds * 1000, elapsed), MAX_RETRY_GAP_SECONDS * 1000);
  return new Date(Math.min(now.getTime() + gap, retryUntil.getTime()));
}

/**
 * Writes the attempt to the log and, for a retry, queues the next job in the
 * same transaction. The update is conditional on the attempt count read
 * before sending, so two workers racing on one delivery record it once.
 */
async function record(row: Row, result: Result, deps: DeliveryDeps): Promise<AttemptOutcome> {
  const now = new Date();
  const next = result.ok || !result.retry ? null : nextAttemptAt(now, row.retry_until, deps.retryBaseSeconds);
  const outcome: AttemptOutcome = result.ok ? "delivered" : next ? "retrying" : "failed";
  const error = result.error && !result.ok && result.retry && !next ? `${result.error}; gave up after ${RETRY_WINDOW_HOURS} hours` : result.error;
  const client = await deps.pool.connect();
  try {
    await client.query("begin");
    const updated = await client.query(
      `update webhook_deliveries
       set status = $3::text, attempts = attempts + 1, last_status_code = $4::int, last_error = $5::text, last_attempt_at = $6::timestamptz,
           next_attempt_at = $7::timestamptz, delivered_at = case when $3::text = 'delivered' then $6::timestamptz else delivered_at end
       where id = $1 and attempts = $2 and status in ('pending', 'retrying')`,
      [row.id, row.attempts, outcome, result.statusCode, error?.slice(0, 200) ?? null, now, next],
    );
    if (updated.rowCount === 1 && next) {
      await client.query(`select 1 from graphile_worker.add_job($1, json_build_object('deliveryId', $2::text), run_at := $3, job_key := $4, max_attempts := $5)`, [
        DELIVER_TASK,
        row.id,
        next,
        jobKey(row.id),
        JOB_MAX_ATTEMPTS,
      ]);
    }
    await client.query("commit");
    return updated.rowCount === 1 ? outcome : "skipped";
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
