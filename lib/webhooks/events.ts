/**
 * The events a webhook endpoint can subscribe to and the body each delivery
 * carries. The body is the Standard Webhooks envelope `{ type, timestamp,
 * data }`; `data` has the shape of Wix's domain event for secrets
 * (wix.velo.secrets_vault.v1.secret), so a handler written for Wix's
 * onSecretCreated / onSecretUpdated / onSecretDeleted ports with little
 * change. Nothing here ever holds a secret's value: `changed` names the
 * fields that changed ("value" among them), never their contents.
 */
export const WEBHOOK_EVENTS = ["secret.created", "secret.updated", "secret.deleted", "secret.restored"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type EventSlug = "created" | "updated" | "deleted" | "restored";
export type ChangedField = "name" | "description" | "value";

export const ENTITY_FQDN = "wix.velo.secrets_vault.v1.secret";

/** Wix's SecretInfo as JSON (ISO dates). */
export type SecretEntity = { id: string; name: string; description: string; createdDate: string; updatedDate: string };

export type SecretEventData = {
  id: string;
  entityFqdn: typeof ENTITY_FQDN;
  slug: EventSlug;
  entityId: string;
  eventTime: string;
  createdEvent?: { entity: SecretEntity };
  updatedEvent?: { currentEntity: SecretEntity; changed: ChangedField[] };
  deletedEvent?: Record<string, never>;
  restoredEvent?: { entity: SecretEntity };
};

export type WebhookBody = { type: WebhookEvent; timestamp: string; data: SecretEventData };

export const eventType = (slug: EventSlug): WebhookEvent => `secret.${slug}`;

export function isWebhookEvent(v: unknown): v is WebhookEvent {
  return typeof v === "string" && (WEBHOOK_EVENTS as readonly string[]).includes(v);
}

/** The fields a change names, in a fixed order and only the known ones (a value is never among the payload's contents). */
export function changedFields(fields: readonly string[]): ChangedField[] {
  return (["name", "description", "value"] as const).filter((f) => fields.includes(f));
}

/** The body of one event, identical for every endpoint and every attempt (the signature covers it). */
export function eventBody(input: {
  eventId: string;
  slug: EventSlug;
  at: Date;
  secret: { id: string; name: string; description: string; createdAt: Date; updatedAt: Date };
  changed?: ChangedField[];
}): WebhookBody {
  const { eventId, slug, at, secret } = input;
  const entity: SecretEntity = {
    id: secret.id,
    name: secret.name,
    description: secret.description,
    createdDate: secret.createdAt.toISOString(),
    updatedDate: secret.updatedAt.toISOString(),
  };
  const data: SecretEventData = { id: eventId, entityFqdn: ENTITY_FQDN, slug, entityId: secret.id, eventTime: at.toISOString() };
  if (slug === "created") data.createdEvent = { entity };
  if (slug === "updated") data.updatedEvent = { currentEntity: entity, changed: input.changed ?? [] };
  if (slug === "deleted") data.deletedEvent = {};
  if (slug === "restored") data.restoredEvent = { entity };
  return { type: eventType(slug), timestamp: at.toISOString(), data };
}
