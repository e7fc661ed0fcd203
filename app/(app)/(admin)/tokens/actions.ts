"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { id, text } from "@/lib/actions/fields";
import { EXPIRY_CHOICES, namePatterns, scopes, tokenName } from "@/lib/tokens/schemas";
import { createToken, revokeToken } from "@/lib/tokens/service";

// Admin only, and a recent sign-in: a token reads values without anyone
// signed in, so making one is as strong as a reveal, and revoking one stops
// running code. Inputs use the service's own rules (lib/tokens/schemas.ts),
// so every field error comes back at once with the service's wording.

const REVALIDATE = ["/tokens", "/audit"];

/** "STRIPE_*, PAYPAL_*" as a list of patterns; empty: every secret. */
const patternList = text(1100)
  .default("")
  .transform((s) => s.split(",").map((p) => p.trim()).filter(Boolean))
  .pipe(namePatterns);

/** The token is in this answer only: the dialog shows it once and forgets it when closed. */
export const createTokenAction = defineAction(
  {
    role: "admin",
    recentAuth: true,
    input: z.object({
      name: tokenName,
      scopes: z.preprocess((v) => (typeof v === "string" ? [v] : (v ?? [])), scopes),
      expiry: z.enum(EXPIRY_CHOICES, { error: "must be 30, 90 or 365 days, or never" }),
      names: patternList,
    }),
    revalidate: REVALIDATE,
    keep: ["name", "names"],
  },
  async ({ name, scopes: granted, expiry, names }, { actor }) => {
    const { token, info } = await createToken(actor, {
      name,
      scopes: granted,
      expiresInDays: expiry === "never" ? null : Number(expiry),
      namePatterns: names,
    });
    return { ok: true, message: `Created ${info.name}.`, token, tokenName: info.name };
  },
);

export const revokeTokenAction = defineAction(
  { role: "admin", recentAuth: true, input: z.object({ tokenId: id }), revalidate: REVALIDATE },
  async ({ tokenId }, { actor }) => {
    const info = await revokeToken(actor, tokenId);
    return { ok: true, message: `Revoked ${info.name}. Code using it is refused from now on.` };
  },
);
