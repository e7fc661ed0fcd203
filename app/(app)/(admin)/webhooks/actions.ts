"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { checkbox, id, text } from "@/lib/actions/fields";
import { endpointDescription, endpointEvents, URL_MAX } from "@/lib/webhooks/schemas";
import { createEndpoint, removeEndpoint, resendDelivery, setAllowPrivateTargets } from "@/lib/webhooks/service";

// Admin only. Adding and removing an endpoint need a recent sign-in: an
// endpoint learns of every change (names, not values) and removing one
// silences an integration. The private-address setting widens where the
// server may send requests, so it is the owner's, with a recent sign-in too.
// The service re-checks everything (URL, SSRF, events) whatever arrives here.

const REVALIDATE = ["/webhooks", "/audit"];

/** The signing secret is in this answer only: the dialog shows it once and forgets it when closed. */
export const createEndpointAction = defineAction(
  {
    role: "admin",
    recentAuth: true,
    input: z.object({
      url: text(URL_MAX + 100),
      events: z.preprocess((v) => (typeof v === "string" ? [v] : (v ?? [])), endpointEvents),
      description: endpointDescription.optional().default(""),
    }),
    revalidate: REVALIDATE,
    keep: ["url", "description"],
  },
  async ({ url, events, description }, { actor }) => {
    const { endpoint, signingSecret } = await createEndpoint(actor, { url, events, description });
    return { ok: true, message: `Added ${endpoint.url}.`, signingSecret, endpointId: endpoint.id, endpointUrl: endpoint.url };
  },
);

export const removeEndpointAction = defineAction(
  { role: "admin", recentAuth: true, input: z.object({ endpointId: id }), revalidate: REVALIDATE },
  async ({ endpointId }, { actor }) => {
    await removeEndpoint(actor, endpointId);
    return { ok: true, message: "Endpoint removed. It gets no more events." };
  },
);

export const resendDeliveryAction = defineAction(
  { role: "admin", recentAuth: false, input: z.object({ deliveryId: id }), revalidate: ["/webhooks"] },
  async ({ deliveryId }, { actor }) => {
    await resendDelivery(actor, deliveryId);
    return { ok: true, message: "Queued: it is sent again in a moment." };
  },
);

export const setAllowPrivateAction = defineAction(
  { role: "owner", recentAuth: true, input: z.object({ allowPrivate: checkbox }), revalidate: REVALIDATE },
  async ({ allowPrivate }, { actor }) => {
    await setAllowPrivateTargets(actor, allowPrivate);
    return { ok: true, message: allowPrivate ? "Endpoints may now be on private networks." : "Endpoints on private networks are refused from now on." };
  },
);
