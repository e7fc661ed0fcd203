import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import { config } from "../config";
import { db, type Tx } from "../db/client";
import { AppError, ConflictError, NotFoundError, UnavailableError, ValidationError } from "../errors";
import { isUniqueViolation } from "../secrets/db-errors";
import { parse } from "../validation";
import type { WebhookEvent } from "./events";
import { DELIVER_TASK, JOB_MAX_ATTEMPTS, jobKey } from "./outbox";
import { createEndpointInput, type CreateEndpointInput } from "./schemas";
import { encryptSigningSecret, newSigningSecret } from "./signing";
import { checkTarget, parseEndpointUrl, selfOrigin, type TargetPolicy } from "./ssrf";

/**
 * Webhook endpoints and their delivery log: the only code that writes
 * webhook_endpoints, and (with the outbox and the worker) webhook_deliveries.
 * Entry points (the dashboard's actions, the CLI) authorize the caller and
 * pass an Actor; every change is audited in its transaction. The signing
 * secret is returned once by createEndpoint and never stored in the clear,
 * logged or audited.
 */

export type DeliveryStatus = "pending" | "retrying" | "delivered" | "failed";

export type EndpointInfo = {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string;
  createdAt: Date;
  createdBy: string;
  /** Plain http: events cross the network readable by anyone on the way (the signature still proves who sent them). */
  insecure: boolean;
  /** The newest delivery to this endpoint, if any. */
  lastDelivery: { status: DeliveryStatus; eventType: WebhookEvent; at: Date; statusCode: number | null } | null;
};

export type DeliveryInfo = {
  id: string;
  endpointId: string;
  /** The webhook-id header (and the body's data.id). */
  eventId: string;
  eventType: WebhookEvent;
  secretId: string | null;
  secretName: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  /** A short description of the last failure (never a response body). */
  lastError: string | null;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
};

/** How many log rows listDeliveries returns, newest first. */
export const DELIVERIES_SHOWN = 100;

const endpointId = z.uuid({ error: "is not a valid endpoint id" });
const deliveryId = z.uuid({ error: "is not a valid delivery id" });

/**
 * Adds an endpoint. The URL must be http(s) and must not point at this app,
 * at link-local or metadata addresses, or (unless the owner allows it) at
 * loopback or private networks, judged by what its host resolves to now
 * (and again at every delivery). Returns the signing secret, the only time
 * it exists outside the database's encrypted column.
 */
export async function createEndpoint(
  actor: Actor,
  input: { url: string; events: string[]; description?: string },
): Promise<{ endpoint: EndpointInfo; signingSecret: string }> {
  const parsed = parse(createEndpointInput, input as CreateEndpointInput);
  const url = parseEndpointUrl(parsed.url);
  await checkTarget(url, await targetPolicy());
  const id = crypto.randomUUID();
  const signingSecret = newSigningSecret();
  const secretEnc = await encryptSigningSecret(id, signingSecret);
  const href = url.href;
  const row = await write(async (tx) => {
    if (await tx.webhookEndpoint.findUnique({ where: { url: href }, select: { id: true } })) throw urlConflict(href);
    const created = await tx.webhookEndpoint.create({
      data: { id, url: href, events: parsed.events, description: parsed.description ?? "", secretEnc, createdBy: actor.id },
      select: endpointSelect,
    });
    await audit(tx, actor, { action: "webhook.create", detail: { endpoint: id, url: auditUrl(url), events: parsed.events } });
    return created;
  }, href);
  return { endpoint: toInfo({ ...row, last_status: null, last_event_type: null, last_at: null, last_status_code: null }), signingSecret };
}

/** Every endpoint, newest first, with its latest delivery. Never a signing secret. */
export async function listEndpoints(): Promise<EndpointInfo[]> {
  const rows = await db().$queryRaw<EndpointRow[]>`
    select e.id, e.url, e.events, e.description, e.created_at as "createdAt", e.created_by as "createdBy",
           d.status as last_status, d.event_type as last_event_type, coalesce(d.last_attempt_at, d.created_at) as last_at,
           d.last_status_code
    from webhook_endpoints e
    left join lateral (
      select status, event_type, last_attempt_at, created_at, last_status_code from webhook_deliveries
      where endpoint_id = e.id order by created_at desc, id desc limit 1
    ) d on true
    order by e.created_at desc, e.id`;
  return rows.map(toInfo);
}

/** One endpoint, or NotFoundError. */
export async function getEndpoint(id: string): Promise<EndpointInfo> {
  parse(endpointId, id, "id");
  const found = (await listEndpoints()).find((e) => e.id === id);
  if (!found) throw new NotFoundError(`No webhook endpoint with id ${id}`);
  return found;
}

/** Removes an endpoint and its delivery log; deliveries still queued for it are dropped (their jobs find nothing). */
export async function removeEndpoint(actor: Actor, id: string): Promise<void> {
  parse(endpointId, id, "id");
  await write(async (tx) => {
    const gone = await tx.$queryRaw<{ url: string; events: string[] }[]>`
      delete from webhook_endpoints where id = ${id}::uuid returning url, events`;
    if (!gone[0]) throw new NotFoundError(`No webhook endpoint with id ${id}`);
    await audit(tx, actor, { action: "webhook.remove", detail: { endpoint: id, url: auditUrl(new URL(gone[0].url)), events: gone[0].events } });
  });
}

/** An endpoint's delivery log, newest first (the latest DELIVERIES_SHOWN). */
export async function listDeliveries(endpoint: string): Promise<DeliveryInfo[]> {
  parse(endpointId, endpoint, "endpointId");
  if (!(await db().webhookEndpoint.findUnique({ where: { id: endpoint }, select: { id: true } }))) {
    throw new NotFoundError(`No webhook endpoint with id ${endpoint}`);
  }
  const rows = await db().webhookDelivery.findMany({
    where: { endpointId: endpoint },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: DELIVERIES_SHOWN,
    select: deliverySelect,
  });
  return rows.map(toDelivery);
}

/**
 * Sends a delivery again now, whatever its status: a delivered one is sent
 * once more (same webhook-id, so receivers can tell), a failed one gets a
 * new 24-hour retry window, a retrying one is tried now instead of later.
 * The job key makes a resend replace the delivery's queued job, not add one.
 */
export async function resendDelivery(actor: Actor, id: string): Promise<void> {
  parse(deliveryId, id, "id");
  await write(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; endpoint_id: string; event_type: string; secret_name: string | null; status: string }[]>`
      select id, endpoint_id, event_type, secret_name, status from webhook_deliveries where id = ${id}::uuid for update`;
    const d = rows[0];
    if (!d) throw new NotFoundError(`No webhook delivery with id ${id}`);
    await tx.$executeRaw`
      update webhook_deliveries
      set status = 'pending', next_attempt_at = now(), retry_until = now() + interval '24 hours'
      where id = ${id}::uuid`;
    await queueNow(tx, id);
    await audit(tx, actor, {
      action: "webhook.resend",
      secretName: d.secret_name,
      detail: { endpoint: d.endpoint_id, delivery: id, event: d.event_type, previousStatus: d.status },
    });
  });
}

/** Whether endpoints may be on loopback or private networks (the owner's setting; off by default). */
export async function allowPrivateTargets(): Promise<boolean> {
  return (await db().siteSettings.findUnique({ where: { id: 1 }, select: { webhooksAllowPrivate: true } }))?.webhooksAllowPrivate ?? false;
}

/**
 * The owner's setting: allow endpoints on loopback and private networks
 * (RFC 1918, fc00::/7, 100.64/10), e.g. a receiver beside the app on an
 * internal network. Metadata, link-local, multicast addresses and the app
 * itself stay refused. Deliveries check it again at every attempt, so
 * turning it off stops deliveries to such endpoints at once.
 */
export async function setAllowPrivateTargets(actor: Actor, allow: boolean): Promise<void> {
  if (typeof allow !== "boolean") throw new ValidationError("allowPrivate", "must be true or false");
  await write(async (tx) => {
    await tx.siteSettings.upsert({
      where: { id: 1 },
      create: { id: 1, webhooksAllowPrivate: allow },
      update: { webhooksAllowPrivate: allow, updatedAt: new Date() },
    });
    await audit(tx, actor, { action: "webhook.settings", detail: { allowPrivate: allow } });
  });
}

// --- internals -------------------------------------------------------------

async function targetPolicy(): Promise<TargetPolicy> {
  return { allowPrivate: await allowPrivateTargets(), self: selfOrigin(config()) };
}

async function queueNow(tx: Tx, id: string) {
  await tx.$queryRaw`
    select 1 as queued from graphile_worker.add_job(
      ${DELIVER_TASK}, json_build_object('deliveryId', ${id}::text), run_at := now(), job_key := ${jobKey(id)}, max_attempts := ${JOB_MAX_ATTEMPTS}
    )`;
}

/** What the audit log keeps of a URL: scheme, host and path; a query string may carry a receiver's own credentials. */
function auditUrl(url: URL): string {
  return `${url.origin}${url.pathname}${url.search ? "?…" : ""}`;
}

const endpointSelect = { id: true, url: true, events: true, description: true, createdAt: true, createdBy: true } as const;

type EndpointRow = {
  id: string;
  url: string;
  events: string[];
  description: string;
  createdAt: Date;
  createdBy: string;
  last_status: string | null;
  last_event_type: string | null;
  last_at: Date | null;
  last_status_code: number | null;
};

function toInfo(r: EndpointRow): EndpointInfo {
  return {
    id: r.id,
    url: r.url,
    events: r.events as WebhookEvent[],
    description: r.description,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    insecure: r.url.startsWith("http:"),
    lastDelivery:
      r.last_status && r.last_at
        ? { status: r.last_status as DeliveryStatus, eventType: r.last_event_type as WebhookEvent, at: r.last_at, statusCode: r.last_status_code }
        : null,
  };
}

const deliverySelect = {
  id: true,
  endpointId: true,
  eventId: true,
  eventType: true,
  secretId: true,
  secretName: true,
  status: true,
  attempts: true,
  lastStatusCode: true,
  lastError: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
} as const;

function toDelivery(r: Omit<DeliveryInfo, "eventType" | "status"> & { eventType: string; status: string }): DeliveryInfo {
  return { ...r, eventType: r.eventType as WebhookEvent, status: r.status as DeliveryStatus };
}

function urlConflict(url: string) {
  return new ConflictError(`url: an endpoint for ${url.slice(0, 200)} already exists; remove it first to change its events`);
}

/** Runs a write transaction; a lost race on the URL arrives as a unique violation and leaves as a conflict. */
async function write<T>(fn: (tx: Tx) => Promise<T>, url?: string): Promise<T> {
  try {
    return await db().$transaction(fn, { timeout: 15_000, maxWait: 10_000 });
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (url && isUniqueViolation(err)) throw urlConflict(url);
    throw new UnavailableError("Database error: the change was not saved", { cause: err });
  }
}
