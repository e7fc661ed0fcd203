import crypto from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { config, resetConfig } from "../config";
import { db } from "../db/client";
import { ConflictError } from "../errors";
import { createSecret, deleteSecret, importSecrets, restoreSecret, restoreVersion, updateSecret } from "../secrets/service";
import { openTestKeyring } from "../testing/keyring";
import { ownerSql } from "../testing/owner-sql";
import { ENTITY_FQDN, type WebhookBody } from "./events";
import { createEndpoint, listDeliveries, removeEndpoint, resendDelivery, setAllowPrivateTargets, type DeliveryInfo } from "./service";
import { startReceiver, type Receiver } from "./test-receiver";
import { startWebhookWorker, type WebhookWorker } from "./worker";
import { prepareWorkerSchema } from "./worker-schema";

/**
 * Webhooks end to end on a real PostgreSQL: the secrets service writes the
 * outbox in its transactions, the graphile-worker worker (as the app role)
 * sends each delivery to a real HTTP receiver started here, and the receiver
 * verifies every signature with the standardwebhooks library. Retries wait
 * about a second (SECRETS_WEBHOOK_RETRY_BASE_SECONDS=1).
 */
const admin: Actor = { id: "user:admin@example.test", source: "127.0.0.1" };
const unique = (prefix: string) => `${prefix}_${crypto.randomBytes(4).toString("hex").toUpperCase()}`;
const ALL = ["secret.created", "secret.updated", "secret.deleted", "secret.restored"];

let worker: WebhookWorker;
const receivers: Receiver[] = [];

beforeAll(async () => {
  process.env.SECRETS_WEBHOOK_RETRY_BASE_SECONDS = "1";
  resetConfig();
  await openTestKeyring();
  await prepareWorkerSchema({ url: config().databaseUrl!, ownerUrl: config().databaseOwnerUrl! });
  // The receivers run on 127.0.0.1: the owner's setting must allow it (SSRF tests turn it off).
  await setAllowPrivateTargets(admin, true);
  worker = await startWebhookWorker({ log: (l) => console.log(l) });
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(status?: (n: number) => number) {
  const r = await startReceiver(status);
  receivers.push(r);
  return r;
}

/** The receiver's side: every request verified with the signing secret, as a handler would. */
function verified(r: Receiver, secret: string): WebhookBody[] {
  return r.received.map((m) => new Webhook(secret).verify(m.body, m.headers) as WebhookBody);
}

async function settled(endpointId: string, count: number): Promise<DeliveryInfo[]> {
  await expect
    .poll(async () => (await listDeliveries(endpointId)).filter((d) => d.status === "delivered" || d.status === "failed").length, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(count);
  return listDeliveries(endpointId);
}

describe("each change is delivered once, signed", () => {
  it("created, updated (name, description, value), deleted, restored, and a version restore", async () => {
    const r = await receiver();
    const { endpoint, signingSecret } = await createEndpoint(admin, { url: r.url(), events: ALL, description: "all events" });
    expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const name = unique("HOOKED");
    const value = `v1-${crypto.randomUUID()}`;
    const id = await createSecret(admin, { name, value, description: "first" });
    await updateSecret(admin, id, { name: `${name}_2`, description: "second", value: `v2-${crypto.randomUUID()}` });
    await updateSecret(admin, id, { description: "second" }); // nothing changed: no event
    await deleteSecret(admin, id);
    await restoreSecret(admin, id);
    await restoreVersion(admin, id, 1);

    const log = await settled(endpoint.id, 5);
    expect(log.map((d) => d.eventType).reverse()).toEqual(["secret.created", "secret.updated", "secret.deleted", "secret.restored", "secret.updated"]);
    expect(log.every((d) => d.status === "delivered" && d.attempts === 1 && d.lastStatusCode === 204 && d.lastError === null)).toBe(true);
    // Once each: nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(r.received).toHaveLength(5);

    const bodies = verified(r, signingSecret);
    expect(new Set(r.received.map((m) => m.headers["webhook-id"])).size).toBe(5);
    for (const [i, m] of r.received.entries()) {
      expect(m.headers["content-type"]).toBe("application/json");
      expect(m.headers["webhook-id"]).toBe(bodies[i]!.data.id);
      expect(m.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(Math.abs(Number(m.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
      expect(m.body).not.toContain(value);
      expect(m.body).not.toContain("v2-");
    }
    const [created, updated, deleted, restored, versionRestored] = bodies;
    expect(created).toMatchObject({
      type: "secret.created",
      data: { entityFqdn: ENTITY_FQDN, slug: "created", entityId: id, createdEvent: { entity: { id, name, description: "first" } } },
    });
    expect(Object.keys(created!).sort()).toEqual(["data", "timestamp", "type"]);
    expect(Object.keys(created!.data.createdEvent!.entity).sort()).toEqual(["createdDate", "description", "id", "name", "updatedDate"]);
    expect(new Date(created!.data.eventTime).toISOString()).toBe(created!.data.eventTime);
    expect(updated).toMatchObject({
      type: "secret.updated",
      data: { slug: "updated", entityId: id, updatedEvent: { currentEntity: { id, name: `${name}_2`, description: "second" }, changed: ["name", "description", "value"] } },
    });
    expect(deleted).toMatchObject({ type: "secret.deleted", data: { slug: "deleted", entityId: id, deletedEvent: {} } });
    expect(restored).toMatchObject({ type: "secret.restored", data: { slug: "restored", entityId: id, restoredEvent: { entity: { id, name: `${name}_2` } } } });
    expect(versionRestored).toMatchObject({ type: "secret.updated", data: { updatedEvent: { changed: ["value"] } } });

    // A wrong secret or a changed body does not verify.
    const other = `whsec_${crypto.randomBytes(32).toString("base64")}`;
    expect(() => new Webhook(other).verify(r.received[0]!.body, r.received[0]!.headers)).toThrow();
    expect(() => new Webhook(signingSecret).verify(r.received[0]!.body.replace("first", "forged"), r.received[0]!.headers)).toThrow();
  });

  it("sends only the events an endpoint subscribed to", async () => {
    const r = await receiver();
    const { endpoint, signingSecret } = await createEndpoint(admin, { url: r.url("/deleted-only"), events: ["secret.deleted"] });
    const id = await createSecret(admin, { name: unique("ONLY_DELETE"), value: "x" });
    await deleteSecret(admin, id);
    await settled(endpoint.id, 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(verified(r, signingSecret).map((b) => b.type)).toEqual(["secret.deleted"]);
  });
});

describe("retries", () => {
  it("a receiver that fails twice and then succeeds gets the event on the third attempt, with growing gaps", async () => {
    const r = await receiver((n) => (n <= 2 ? [500, 503][n - 1]! : 200));
    const { endpoint, signingSecret } = await createEndpoint(admin, { url: r.url("/flaky"), events: ["secret.created"] });
    await createSecret(admin, { name: unique("FLAKY"), value: "x" });
    const [d] = await settled(endpoint.id, 1);
    expect(d).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    expect(r.received).toHaveLength(3);
    // The same message each time (one webhook-id), each attempt signed afresh and verifiable.
    expect(new Set(r.received.map((m) => m.headers["webhook-id"])).size).toBe(1);
    expect(verified(r, signingSecret)).toHaveLength(3);
    const [a, b, c] = r.received.map((m) => m.at);
    expect(b! - a!).toBeGreaterThanOrEqual(900);
    expect(c! - b!).toBeGreaterThanOrEqual(900);
  });

  it("the log shows a retrying delivery with its code, error and next attempt", async () => {
    const r = await receiver(() => 502);
    const { endpoint } = await createEndpoint(admin, { url: r.url("/down"), events: ["secret.created"] });
    await createSecret(admin, { name: unique("DOWN"), value: "x" });
    await expect.poll(async () => (await listDeliveries(endpoint.id))[0]?.attempts ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const [d] = await listDeliveries(endpoint.id);
    expect(d).toMatchObject({ status: "retrying", lastStatusCode: 502, lastError: "HTTP 502" });
    expect(d!.nextAttemptAt!.getTime()).toBeGreaterThan(d!.lastAttemptAt!.getTime());
    await removeEndpoint(admin, endpoint.id);
  });

  it("a receiver that does not answer is not waited on forever, and its body is never stored", async () => {
    const r = await receiver(() => 410);
    const { endpoint } = await createEndpoint(admin, { url: r.url("/gone"), events: ["secret.created"] });
    await createSecret(admin, { name: unique("GONE"), value: "x" });
    await expect.poll(async () => (await listDeliveries(endpoint.id))[0]?.lastStatusCode ?? null, { timeout: 15_000 }).toBe(410);
    const rows = await db().$queryRaw<{ row: string }[]>`select d::text as row from webhook_deliveries d where endpoint_id = ${endpoint.id}::uuid`;
    expect(rows.map((x) => x.row).join("\n")).not.toContain("must not store");
    await removeEndpoint(admin, endpoint.id);
  });
});

describe("nothing without its change", () => {
  it("a create that conflicts sends nothing", async () => {
    const r = await receiver();
    const { endpoint } = await createEndpoint(admin, { url: r.url("/conflict"), events: ALL });
    const name = unique("TAKEN");
    await createSecret(admin, { name, value: "x" });
    await settled(endpoint.id, 1);
    await expect(createSecret(admin, { name: name.toLowerCase(), value: "y" })).rejects.toBeInstanceOf(ConflictError);
    // An import whose second item fails after the first was written (and queued) rolls back both.
    await createSecret(admin, { name: `${name}_OLD`, value: "z" }).then((id) => updateSecret(admin, id, { name: `${name}_NEW` }));
    await expect(importSecrets(admin, [{ name: unique("IMPORTED"), value: "a" }, { name: `${name}_OLD`, value: "b" }])).rejects.toBeInstanceOf(ConflictError);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await listDeliveries(endpoint.id)).map((d) => d.eventType).sort()).toEqual(["secret.created", "secret.created", "secret.updated"]);
    expect(r.received).toHaveLength(3);
  });

  it("a transaction that fails at commit, after its event was queued, sends nothing", async () => {
    // A deferred check: it fails at commit, after the service wrote the secret and the outbox rows.
    await ownerSql(`
      create function refuse_doomed() returns trigger language plpgsql as $$
      begin if new.name like 'DOOMED%' then raise exception 'refused at commit'; end if; return new; end $$;
      create constraint trigger doomed_at_commit after insert on secrets deferrable initially deferred
        for each row execute function refuse_doomed();`);
    try {
      const r = await receiver();
      const { endpoint } = await createEndpoint(admin, { url: r.url("/doomed"), events: ALL });
      const before = await jobCount();
      await expect(createSecret(admin, { name: unique("DOOMED"), value: "x" })).rejects.toThrow(/not saved/);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await listDeliveries(endpoint.id)).toEqual([]);
      expect(await jobCount()).toBe(before);
      expect(r.received).toHaveLength(0);
      // The same endpoint gets a change that commits.
      await createSecret(admin, { name: unique("LIVELY"), value: "x" });
      await settled(endpoint.id, 1);
      expect(r.received).toHaveLength(1);
    } finally {
      await ownerSql(`drop trigger doomed_at_commit on secrets; drop function refuse_doomed();`);
    }
  });
});

async function jobCount() {
  const rows = await db().$queryRaw<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'webhook_deliver'`;
  return rows[0]!.n;
}

describe("resend", () => {
  it("sends a delivered event again with the same webhook-id, and gives a failed one a new try", async () => {
    let failing = true;
    const r = await receiver(() => (failing ? 500 : 200));
    const { endpoint, signingSecret } = await createEndpoint(admin, { url: r.url("/resend"), events: ["secret.created"] });
    await createSecret(admin, { name: unique("RESENT"), value: "x" });
    await expect.poll(async () => (await listDeliveries(endpoint.id))[0]?.attempts ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    // Give up by hand (as 24 hours would): the window ends now.
    const [first] = await listDeliveries(endpoint.id);
    await db().$executeRaw`update webhook_deliveries set retry_until = now() where id = ${first!.id}::uuid`;
    await expect.poll(async () => (await listDeliveries(endpoint.id))[0]?.status, { timeout: 15_000 }).toBe("failed");
    const failed = (await listDeliveries(endpoint.id))[0]!;
    expect(failed.lastError).toMatch(/^HTTP 500; gave up after 24 hours$/);
    expect(failed.nextAttemptAt).toBeNull();
    const attemptsBefore = failed.attempts;

    failing = false;
    await resendDelivery(admin, failed.id);
    await expect.poll(async () => (await listDeliveries(endpoint.id))[0]?.status, { timeout: 15_000 }).toBe("delivered");
    expect((await listDeliveries(endpoint.id))[0]).toMatchObject({ attempts: attemptsBefore + 1, lastStatusCode: 200 });

    await resendDelivery(admin, failed.id);
    await expect.poll(() => r.received.length, { timeout: 15_000 }).toBe(attemptsBefore + 2);
    expect(new Set(r.received.map((m) => m.headers["webhook-id"])).size).toBe(1);
    expect(verified(r, signingSecret)).toHaveLength(attemptsBefore + 2);
    const audited = await db().auditEvent.findMany({ where: { action: "webhook.resend", actor: admin.id } });
    expect(audited.filter((e) => (e.detail as { delivery?: string }).delivery === failed.id)).toHaveLength(2);
  });
});

describe("SSRF at delivery", () => {
  it("an endpoint allowed when added is refused at delivery once private targets are no longer allowed", async () => {
    const r = await receiver();
    const { endpoint } = await createEndpoint(admin, { url: r.url("/was-allowed"), events: ["secret.created"] });
    await setAllowPrivateTargets(admin, false);
    try {
      await createSecret(admin, { name: unique("REFUSED"), value: "x" });
      const [d] = await settled(endpoint.id, 1);
      expect(d).toMatchObject({ status: "failed", attempts: 1, lastStatusCode: null });
      expect(d!.lastError).toMatch(/^refused: the URL is a loopback address/);
      expect(r.received).toHaveLength(0);
    } finally {
      await setAllowPrivateTargets(admin, true);
    }
  });
});
