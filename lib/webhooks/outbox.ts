import "server-only";
import crypto from "node:crypto";
import type { Tx } from "../db/client";
import { changedFields, eventBody, eventType, type EventSlug } from "./events";

/**
 * The outbox. The secrets service calls this inside the transaction of each
 * change (lib/secrets/service.ts): it writes one delivery row per endpoint
 * subscribed to the event, and one graphile-worker job per row through
 * `graphile_worker.add_job`, all in that same transaction. The change and
 * its deliveries commit together or not at all: a rolled-back change sends
 * nothing, and a committed one is delivered even if this process dies right
 * after the commit (the job is a row, picked up by any instance's worker).
 *
 * With no endpoint subscribed it costs one indexed query and writes nothing.
 */
export const DELIVER_TASK = "webhook_deliver";
/** Attempts graphile-worker itself makes when the task throws (the database failed mid-delivery); HTTP failures are retried by the task. */
export const JOB_MAX_ATTEMPTS = 5;
export const jobKey = (deliveryId: string) => `webhook-delivery:${deliveryId}`;

/**
 * Queues `secret.<slug>` for a secret changed in `tx`. `changed` lists the
 * fields an update changed; an update that changed nothing sends nothing.
 */
export async function enqueueSecretEvent(tx: Tx, secretId: string, slug: EventSlug, changed: readonly string[] = []): Promise<void> {
  const type = eventType(slug);
  const fields = changedFields(changed);
  if (slug === "updated" && fields.length === 0) return;
  const subscribed = await tx.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from webhook_endpoints where ${type} = any(events)`;
  if (!subscribed[0]?.n) return;
  const secret = await tx.secret.findUniqueOrThrow({
    where: { id: secretId },
    select: { id: true, name: true, description: true, createdAt: true, updatedAt: true },
  });
  const eventId = crypto.randomUUID();
  const body = JSON.stringify(eventBody({ eventId, slug, at: new Date(), secret, changed: fields }));
  await tx.$queryRaw`
    with queued as (
      insert into webhook_deliveries (id, endpoint_id, event_id, event_type, secret_id, secret_name, payload)
      select gen_random_uuid(), e.id, ${eventId}::uuid, ${type}, ${secret.id}::uuid, ${secret.name}, ${body}
      from webhook_endpoints e where ${type} = any(e.events)
      returning id
    )
    select count(*)::int as n from queued q
    cross join lateral graphile_worker.add_job(
      ${DELIVER_TASK}, json_build_object('deliveryId', q.id), job_key := 'webhook-delivery:' || q.id, max_attempts := ${JOB_MAX_ATTEMPTS}
    ) j`;
}
