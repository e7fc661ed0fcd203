import { z } from "zod";
import { secretDescription, secretId, secretName, secretValue } from "../secrets/schemas";

/**
 * The REST API's request and response shapes: the same zod schemas validate
 * requests (lib/api/routes.ts) and generate the OpenAPI document
 * (lib/api/openapi.ts). Field rules come from lib/secrets/schemas.ts, the
 * service's own, so the API cannot drift from what the service accepts.
 */
const name = secretName.meta({
  description: "1–50 characters: letters, digits and _ + = - @ # $. Unique regardless of letter case.",
  example: "STRIPE_API_KEY",
});
const value = secretValue.meta({ description: "The secret value: 1 character to 64 KiB of UTF-8 text.", example: "sk_live_…" });
const description = secretDescription.meta({ description: "Optional, at most 200 visible characters.", example: "Stripe, live mode" });
const id = secretId.meta({ description: "The secret's id (a UUID).", example: "0b6f8f5e-3c1a-4a57-9a4e-2f1d5c7e9b10" });

export const IdParam = z.object({ id });
export const NameParam = z.object({ name });

export const CreateSecretRequest = z
  .strictObject({ secret: z.strictObject({ name, value, description: description.optional() }) })
  .meta({ id: "CreateSecretRequest" });

export const UpdateSecretRequest = z
  .strictObject({
    id: id.optional().meta({ description: "Optional; when given it must equal the id in the path (the Wix client sends it)." }),
    secret: z
      .strictObject({ name: name.optional(), value: value.optional(), description: description.optional() })
      .meta({ description: "Only the fields to change; the others stay as they are." }),
    aliasDays: z
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(0, "must be between 0 and 90")
      .max(90, "must be between 0 and 90")
      .optional()
      .meta({
        description:
          "When renaming: keep the old name answering as an alias for this many days (reads through it carry Deprecation and Sunset headers). Default 0: the old name is free at once, as on Wix.",
      }),
  })
  .meta({ id: "UpdateSecretRequest" });

export const SecretInfo = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    createdDate: z.iso.datetime(),
    updatedDate: z.iso.datetime(),
  })
  .meta({ id: "SecretInfo", description: "A secret's metadata. Never its value." });

export const CreateSecretResponse = z.object({ id: z.uuid() }).meta({ id: "CreateSecretResponse" });
export const GetSecretValueResponse = z.object({ value: z.string() }).meta({ id: "GetSecretValueResponse" });
export const ListSecretInfoResponse = z.object({ secrets: z.array(SecretInfo) }).meta({ id: "ListSecretInfoResponse" });
export const EmptyResponse = z.object({}).meta({ id: "Empty" });

export const ErrorResponse = z
  .object({
    message: z.string(),
    details: z.object({
      applicationError: z.object({ code: z.string(), description: z.string(), data: z.record(z.string(), z.unknown()).optional() }),
      validationError: z
        .object({ fieldViolations: z.array(z.object({ field: z.string(), description: z.string() })) })
        .optional(),
    }),
  })
  .meta({
    id: "Error",
    description: "The Wix error envelope; the official Wix client turns it into its SDKError. Never a stack trace or a value.",
  });

export const VersionParam = z.object({
  id,
  version: z.coerce.number({ error: "must be a version number" }).int("must be a whole number").min(1, "must be at least 1").meta({ description: "A version number (1 is the first value)." }),
});

export const ImportSecretsRequest = z
  .strictObject({
    secrets: z
      .array(z.strictObject({ name, value, description: description.optional() }))
      .min(1, "needs at least one secret")
      .max(1000, "may hold at most 1000 secrets per import"),
    overwrite: z.boolean({ error: "must be true or false" }).optional().meta({ description: "Give existing secrets a new version when the value differs (default: skip them)." }),
    dryRun: z.boolean({ error: "must be true or false" }).optional().meta({ description: "Report what would happen; change nothing." }),
  })
  .meta({ id: "ImportSecretsRequest" });

export const ImportSecretsResponse = z
  .object({
    created: z.array(z.string()),
    updated: z.array(z.string()),
    skipped: z.array(z.object({ name: z.string(), reason: z.enum(["exists", "unchanged"]) })),
    dryRun: z.boolean(),
  })
  .meta({ id: "ImportSecretsResponse" });

export const ListVersionsResponse = z
  .object({
    versions: z.array(
      z.object({
        version: z.number().int(),
        createdDate: z.iso.datetime(),
        createdBy: z.string(),
        current: z.boolean(),
        length: z.number().int().nullable(),
        fingerprint: z.string().nullable().meta({ description: "A short keyed fingerprint of the value: equal values of one secret have equal fingerprints. Not the value." }),
      }),
    ),
  })
  .meta({ id: "ListVersionsResponse", description: "Newest first. Never values; `length` is the value's size in UTF-8 bytes." });
