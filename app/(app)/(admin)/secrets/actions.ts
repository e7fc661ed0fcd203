"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { checkbox, id, text } from "@/lib/actions/fields";
import { secretDescription, secretName, secretValue } from "@/lib/secrets/schemas";
import {
  createSecret,
  DEFAULT_ALIAS_DAYS,
  deleteSecret,
  endAlias,
  extendAlias,
  MAX_ALIAS_DAYS,
  restoreVersion,
  revealSecret,
  updateSecret,
} from "@/lib/secrets/service";
import { usageSummary } from "@/lib/secrets/usage";

// Admin only. Anything that hands a value to the browser (reveal, copy) or
// replaces one (change value, restore a version) also needs a recent
// sign-in. Ids arrive as fields; the service re-loads every row it touches.
// Inputs use the service's own rules, so every field error comes back at once
// with the service's wording.

const onSecret = z.object({ secretId: id });
const days = z.coerce
  .number({ error: "must be a number of days" })
  .int("must be a whole number of days")
  .min(1, "must be at least 1 day")
  .max(MAX_ALIAS_DAYS, `must be at most ${MAX_ALIAS_DAYS} days`);
const REVALIDATE = ["/secrets", "/trash", "/audit"];

export const createSecretAction = defineAction(
  {
    role: "admin",
    recentAuth: false,
    input: z.object({ name: secretName, value: secretValue, description: secretDescription.default("") }),
    revalidate: REVALIDATE,
    keep: ["name", "description"],
  },
  async (input, { actor }) => {
    const secretId = await createSecret(actor, input);
    return { ok: true, message: `Created ${input.name}.`, secretId };
  },
);

/**
 * Rename and description. A rename keeps the old name as an alias for `aliasDays` unless `keepAlias` is off.
 * Recent sign-in: moving a name is as good as changing what it answers (rename another secret into it).
 */
export const updateSecretAction = defineAction(
  {
    role: "admin",
    recentAuth: true,
    input: onSecret.extend({ name: secretName, description: secretDescription.default(""), keepAlias: checkbox, aliasDays: days.default(DEFAULT_ALIAS_DAYS) }),
    revalidate: REVALIDATE,
    keep: ["name", "description", "aliasDays"],
  },
  async ({ secretId, name, description, keepAlias, aliasDays }, { actor }) => {
    await updateSecret(actor, secretId, { name, description }, { aliasDays: keepAlias ? aliasDays : null });
    return { ok: true, message: `Saved ${name}.` };
  },
);

export const changeValueAction = defineAction(
  { role: "admin", recentAuth: true, input: onSecret.extend({ value: secretValue }), revalidate: REVALIDATE },
  async ({ secretId, value }, { actor }) => {
    await updateSecret(actor, secretId, { value });
    return { ok: true, message: "Value changed. The previous value is kept as a version." };
  },
);

/** Recent sign-in: deleting and re-creating a name would otherwise change its value without one. */
export const deleteSecretAction = defineAction(
  { role: "admin", recentAuth: true, input: onSecret, revalidate: REVALIDATE },
  async ({ secretId }, { actor }) => {
    await deleteSecret(actor, secretId);
    return { ok: true, message: "Moved to the trash. It can be restored for 30 days." };
  },
);

/** The one path by which a value reaches the browser to be shown. */
export const revealSecretAction = defineAction(
  { role: "admin", recentAuth: true, input: onSecret },
  async ({ secretId }, { actor }) => revealSecret(actor, secretId, "reveal"),
);

/** The same value for the clipboard; audited as a copy, never shown. */
export const copySecretAction = defineAction(
  { role: "admin", recentAuth: true, input: onSecret },
  async ({ secretId }, { actor }) => revealSecret(actor, secretId, "copy"),
);

/** Who read the secret lately: what the rename, change-value and delete dialogs warn about. */
export const secretUsageAction = defineAction({ role: "admin", recentAuth: false, input: onSecret }, async ({ secretId }) => ({
  usage: await usageSummary(secretId),
}));

/** Makes an older value current again, as a new version. */
export const restoreVersionAction = defineAction(
  { role: "admin", recentAuth: true, input: onSecret.extend({ version: z.coerce.number({ error: "must be a version number" }).int().min(1) }), revalidate: REVALIDATE },
  async ({ secretId, version }, { actor }) => {
    await restoreVersion(actor, secretId, version);
    return { ok: true, message: `Version ${version} is the current value again (as a new version).` };
  },
);

const onAlias = onSecret.extend({ alias: text(60) });

export const extendAliasAction = defineAction(
  { role: "admin", recentAuth: false, input: onAlias.extend({ days }), revalidate: REVALIDATE, keep: ["days"] },
  async ({ secretId, alias, days: n }, { actor }) => {
    await extendAlias(actor, secretId, alias, n);
    return { ok: true, message: `${alias} keeps answering for the next ${n} day${n === 1 ? "" : "s"}.` };
  },
);

export const endAliasAction = defineAction(
  { role: "admin", recentAuth: true, input: onAlias, revalidate: REVALIDATE },
  async ({ secretId, alias }, { actor }) => {
    await endAlias(actor, secretId, alias);
    return { ok: true, message: `${alias} no longer answers.` };
  },
);
