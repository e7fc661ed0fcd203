import { z } from "zod";
import { describeChar, findInvisible } from "../validation";
import { WEBHOOK_EVENTS, type WebhookEvent } from "./events";

/**
 * The rules for a webhook endpoint, shared by the service, the dashboard's
 * form and the CLI. The URL's reachability (SSRF) is checked by the service
 * (lib/webhooks/ssrf.ts): it needs DNS and the owner's setting.
 */
export const URL_MAX = 2048;
export const DESCRIPTION_MAX = 200;

export const endpointUrl = z.string({ error: "must be a string" }).superRefine((text, ctx) => {
  const url = text.trim();
  if (!url) return void ctx.addIssue({ code: "custom", message: "is required" });
  if (url.length > URL_MAX) return void ctx.addIssue({ code: "custom", message: `must be at most ${URL_MAX} characters (got ${url.length})` });
  const bad = findInvisible(url) ?? (/\s/.test(url) ? " " : undefined);
  if (bad !== undefined) return void ctx.addIssue({ code: "custom", message: `may not contain ${describeChar(bad)}` });
  if (!/^https?:\/\//i.test(url)) ctx.addIssue({ code: "custom", message: "must start with https:// (or http://)" });
});

export const endpointEvents = z
  .array(z.string({ error: "must be event names" }), { error: "must be a list of events" })
  .superRefine((events, ctx) => {
    if (events.length === 0) return void ctx.addIssue({ code: "custom", message: `choose at least one of ${WEBHOOK_EVENTS.join(", ")}` });
    const unknown = events.find((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
    if (unknown !== undefined) {
      ctx.addIssue({ code: "custom", message: `"${unknown.slice(0, 40)}" is not an event (known: ${WEBHOOK_EVENTS.join(", ")})` });
    }
  })
  // In the fixed order, once each.
  .transform((events) => WEBHOOK_EVENTS.filter((e) => events.includes(e)) as WebhookEvent[]);

export const endpointDescription = z.string({ error: "must be a string" }).superRefine((text, ctx) => {
  if (text.length > DESCRIPTION_MAX) {
    return void ctx.addIssue({ code: "custom", message: `must be at most ${DESCRIPTION_MAX} characters (got ${text.length})` });
  }
  const bad = findInvisible(text);
  if (bad !== undefined) ctx.addIssue({ code: "custom", message: `may not contain ${describeChar(bad)}` });
});

export const createEndpointInput = z.strictObject({
  url: endpointUrl.transform((u) => u.trim()),
  events: endpointEvents,
  description: endpointDescription.optional(),
});
export type CreateEndpointInput = z.input<typeof createEndpointInput>;
