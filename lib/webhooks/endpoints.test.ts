import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { config } from "../config";
import { db } from "../db/client";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { setKeyring } from "../keys";
import { Keyring } from "../keys/keyring";
import { LocalRootKey } from "../keys/root-key";
import { rotateRootKey } from "../keys/rotation";
import { createSecret } from "../secrets/service";
import { countRows, dumpAllTables } from "../testing/db-dump";
import { openTestKeyring } from "../testing/keyring";
import {
  allowPrivateTargets,
  createEndpoint,
  listDeliveries,
  listEndpoints,
  removeEndpoint,
  resendDelivery,
  setAllowPrivateTargets,
} from "./service";
import { decryptSigningSecret } from "./signing";
import { prepareWorkerSchema } from "./worker-schema";

/**
 * The endpoint service on a real database: what is checked when an endpoint
 * is added (input, SSRF), what is stored (the signing secret only encrypted),
 * what is audited, and removal. Deliveries are in delivery.test.ts.
 */
const admin: Actor = { id: "user:hooks-admin@example.test", source: "127.0.0.1" };
const tag = () => crypto.randomBytes(4).toString("hex");
let ring: Keyring;

beforeAll(async () => {
  ring = await openTestKeyring();
  await prepareWorkerSchema({ url: config().databaseUrl!, ownerUrl: config().databaseOwnerUrl! });
});

async function fieldError(p: Promise<unknown>): Promise<{ field: string; message: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return { field: (err as ValidationError).field, message: (err as ValidationError).message };
}

describe("createEndpoint", () => {
  it("returns the signing secret once and stores it only encrypted", async () => {
    const { endpoint, signingSecret } = await createEndpoint(admin, {
      url: `https://93.184.216.34/hooks/${tag()}?token=receiver-credential`,
      events: ["secret.deleted", "secret.created", "secret.created"],
      description: "billing service",
    });
    expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({ events: ["secret.created", "secret.deleted"], description: "billing service", createdBy: admin.id, insecure: false, lastDelivery: null });

    const raw = signingSecret.slice("whsec_".length);
    const dump = await dumpAllTables();
    for (const form of [raw, Buffer.from(raw, "base64").toString("hex"), Buffer.from(signingSecret).toString("hex")]) expect(dump).not.toContain(form);
    expect(JSON.stringify(await listEndpoints())).not.toContain(raw);
    const row = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(await decryptSigningSecret(endpoint.id, row.secretEnc)).toBe(signingSecret);
    // Bound to its endpoint: copied onto another row, it does not open.
    await expect(decryptSigningSecret(crypto.randomUUID(), row.secretEnc)).rejects.toThrow();

    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "webhook.create", actor: admin.id }, orderBy: { id: "desc" } });
    expect(event.detail).toMatchObject({ endpoint: endpoint.id, events: ["secret.created", "secret.deleted"] });
    expect(JSON.stringify(event.detail)).not.toContain("receiver-credential");
    expect(JSON.stringify(event.detail)).not.toContain(raw);
  });

  it("gives each endpoint its own secret", async () => {
    const a = await createEndpoint(admin, { url: `https://93.184.216.34/a/${tag()}`, events: ["secret.created"] });
    const b = await createEndpoint(admin, { url: `https://93.184.216.34/b/${tag()}`, events: ["secret.created"] });
    expect(a.signingSecret).not.toBe(b.signingSecret);
  });

  it("marks plain http as insecure, and refuses the same URL twice", async () => {
    const url = `http://93.184.216.34/plain/${tag()}`;
    const { endpoint } = await createEndpoint(admin, { url, events: ["secret.updated"] });
    expect(endpoint.insecure).toBe(true);
    await expect(createEndpoint(admin, { url, events: ["secret.deleted"] })).rejects.toBeInstanceOf(ConflictError);
  });

  it("names the field of bad input, before anything is stored", async () => {
    const before = await countRows("webhook_endpoints");
    expect(await fieldError(createEndpoint(admin, { url: "", events: ["secret.created"] }))).toMatchObject({ field: "url", message: "url: is required" });
    expect((await fieldError(createEndpoint(admin, { url: "ftp://example.com/", events: ["secret.created"] }))).field).toBe("url");
    expect((await fieldError(createEndpoint(admin, { url: `https://example.com/${"a".repeat(2100)}`, events: ["secret.created"] }))).message).toMatch(/at most 2048/);
    expect((await fieldError(createEndpoint(admin, { url: "https://example.com/\u202e", events: ["secret.created"] }))).message).toMatch(/invisible/);
    expect((await fieldError(createEndpoint(admin, { url: "https://example.com/", events: [] }))).field).toBe("events");
    expect((await fieldError(createEndpoint(admin, { url: "https://example.com/", events: ["secret.read"] }))).message).toMatch(/"secret.read" is not an event/);
    expect((await fieldError(createEndpoint(admin, { url: "https://example.com/", events: ["secret.created"], description: "x".repeat(201) }))).field).toBe("description");
    expect((await fieldError(createEndpoint(admin, { url: "https://example.com/", events: ["secret.created"], extra: 1 } as never))).field).toBe("extra");
    expect(await countRows("webhook_endpoints")).toBe(before);
  });
});

describe("SSRF when an endpoint is added", () => {
  const refused = async (url: string) => (await fieldError(createEndpoint(admin, { url, events: ["secret.created"] }))).message;

  it("refuses metadata and link-local addresses whatever the setting", async () => {
    for (const allow of [false, true]) {
      await setAllowPrivateTargets(admin, allow);
      expect(await refused("http://169.254.169.254/latest/meta-data/iam/")).toMatch(/^url: is a cloud metadata address/);
      expect(await refused("http://[fd00:ec2::254]/")).toMatch(/cloud metadata/);
      expect(await refused("http://169.254.0.1/")).toMatch(/link-local/);
      expect(await refused("http://[fe80::1]/")).toMatch(/link-local/);
      expect(await refused(`http://127.0.0.1:${config().port}/api/v1/secrets`)).toMatch(/this app itself/);
    }
  });

  it("refuses loopback and private networks until the owner allows them", async () => {
    await setAllowPrivateTargets(admin, false);
    expect(await allowPrivateTargets()).toBe(false);
    expect(await refused("http://10.1.2.3/hooks")).toMatch(/private network address, which is not allowed \(the owner can allow/);
    expect(await refused("http://192.168.10.1/")).toMatch(/private network/);
    expect(await refused("http://[fd00::1]/")).toMatch(/private network/);
    expect(await refused("http://127.0.0.1:9/")).toMatch(/loopback/);
    expect(await refused("http://localhost:9/")).toMatch(/resolves to a loopback address \(this machine\) \((127\.0\.0\.1|::1)\)/);

    await setAllowPrivateTargets(admin, true);
    const { endpoint } = await createEndpoint(admin, { url: `http://10.1.2.3/${tag()}`, events: ["secret.created"] });
    expect(endpoint.url).toMatch(/^http:\/\/10\.1\.2\.3\//);
    const audit = await db().auditEvent.findMany({ where: { action: "webhook.settings", actor: admin.id }, orderBy: { id: "asc" } });
    expect(audit.map((e) => (e.detail as { allowPrivate: boolean }).allowPrivate).slice(-2)).toEqual([false, true]);
    await setAllowPrivateTargets(admin, false);
  });
});

describe("removeEndpoint and the delivery log", () => {
  it("removes the endpoint with its log, audited; unknown ids are not found", async () => {
    const { endpoint } = await createEndpoint(admin, { url: `https://93.184.216.34/gone/${tag()}`, events: ["secret.created"] });
    await createSecret(admin, { name: `REMOVED_${tag().toUpperCase()}`, value: "x" });
    const log = await listDeliveries(endpoint.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ eventType: "secret.created", status: "pending", attempts: 0, lastStatusCode: null });

    await removeEndpoint(admin, endpoint.id);
    expect((await listEndpoints()).some((e) => e.id === endpoint.id)).toBe(false);
    expect(await db().webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "webhook.remove", actor: admin.id }, orderBy: { id: "desc" } });
    expect(event.detail).toMatchObject({ endpoint: endpoint.id, events: ["secret.created"] });

    await expect(removeEndpoint(admin, endpoint.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listDeliveries(endpoint.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(resendDelivery(admin, log[0]!.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeEndpoint(admin, "not-an-id")).rejects.toBeInstanceOf(ValidationError);
  });

  it("lists endpoints with their latest delivery", async () => {
    const { endpoint } = await createEndpoint(admin, { url: `https://93.184.216.34/latest/${tag()}`, events: ["secret.created"] });
    await createSecret(admin, { name: `LATEST_${tag().toUpperCase()}`, value: "x" });
    const listed = (await listEndpoints()).find((e) => e.id === endpoint.id)!;
    expect(listed.lastDelivery).toMatchObject({ status: "pending", eventType: "secret.created", statusCode: null });
    await removeEndpoint(admin, endpoint.id);
  });
});

describe("rotate-root", () => {
  it("re-encrypts signing secrets in its transaction", async () => {
    const { endpoint, signingSecret } = await createEndpoint(admin, { url: `https://93.184.216.34/rotated/${tag()}`, events: ["secret.created"] });
    const before = (await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).secretEnc;
    const next = new LocalRootKey(crypto.randomBytes(32));
    await rotateRootKey(ring, next, admin);
    const reopened = new Keyring(next);
    await reopened.load();
    setKeyring(reopened);
    const after = (await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).secretEnc;
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
    expect(await decryptSigningSecret(endpoint.id, after)).toBe(signingSecret);
    ring = reopened;
  });
});
