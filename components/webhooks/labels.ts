import type { BadgeVariant } from "@/components/ui/badge";
import type { WebhookEvent } from "@/lib/webhooks/events";
import type { DeliveryStatus } from "@/lib/webhooks/service";

/** How events and delivery states read in the dashboard. */
export const EVENT_TEXT: Record<WebhookEvent, { title: string; hint: string; short: string }> = {
  "secret.created": { title: "Secret created", hint: "A new secret, or one brought in by an import.", short: "created" },
  "secret.updated": { title: "Secret updated", hint: "Its name, description or value changed; the event says which, never the value.", short: "updated" },
  "secret.deleted": { title: "Secret deleted", hint: "Moved to the trash.", short: "deleted" },
  "secret.restored": { title: "Secret restored", hint: "Brought back from the trash.", short: "restored" },
};

export const STATUS: Record<DeliveryStatus, { label: string; variant: BadgeVariant }> = {
  pending: { label: "Pending", variant: "outline" },
  retrying: { label: "Retrying", variant: "warning" },
  delivered: { label: "Delivered", variant: "secondary" },
  failed: { label: "Failed", variant: "destructive" },
};
