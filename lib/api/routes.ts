import "server-only";
import type { z } from "zod";
import type { Actor } from "../audit";
import { NotFoundError, ValidationError } from "../errors";
import { createSecret, deleteSecret, importSecrets, listSecretInfo, listVersions, readSecret, restoreVersion, updateSecret, verifiedSecretName } from "../secrets/service";
import { nameAllowed, recordTokenUse, requireName, type Scope, type TokenPrincipal } from "../tokens/authenticate";
import {
  CreateSecretRequest,
  CreateSecretResponse,
  EmptyResponse,
  GetSecretValueResponse,
  IdParam,
  ImportSecretsRequest,
  ImportSecretsResponse,
  ListSecretInfoResponse,
  ListVersionsResponse,
  VersionParam,
  NameParam,
  UpdateSecretRequest,
} from "./schemas";

/**
 * The REST API's routes: the Wix Secrets REST API (product.md §1) under
 * /api/v1. One table drives both the request handling (lib/api/server.ts:
 * token, scope, parameter and body checks, in that order) and the OpenAPI
 * document (lib/api/openapi.ts). Each handler is a thin call into the
 * secrets service; every rule lives there.
 */
export const API_BASE = "/api/v1";

export type RouteContext<P, B> = {
  principal: TokenPrincipal;
  actor: Actor;
  params: P;
  body: B;
  /** Adds a response header (deprecation notices of alias reads). */
  header(name: string, value: string): void;
};

export type Route<P extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** OpenAPI-style path below /api/v1. */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  scope: Scope;
  params?: P;
  body?: B;
  response: z.ZodType;
  /** Error statuses this route can answer besides 401, 429 and 503 (which every route can). */
  errors: number[];
  /** Runs on the API's own raw pg pool (the value read); the others share a bounded slice of the Prisma pool (lib/api/server.ts). */
  hot?: boolean;
  /** Response headers this route may add, for the document. */
  headers?: Record<string, string>;
  run(ctx: RouteContext<z.output<P>, z.output<B>>): Promise<object>;
};

const route = <P extends z.ZodType, B extends z.ZodType>(r: Route<P, B>) => r as unknown as Route;
const allow = (p: TokenPrincipal) => (name: string) => nameAllowed(p, name);

/** A secret by id outside the token's name patterns answers as if it did not exist (its name is not told). */
async function requireId(p: TokenPrincipal, id: string) {
  if (!nameAllowed(p, await verifiedSecretName(id))) throw new NotFoundError(`No secret with id ${id}`);
}

export const routes: Route[] = [
  route({
    method: "GET",
    path: "/secrets/name/{name}",
    operationId: "getSecretValue",
    hot: true,
    summary: "Read a secret's value by name",
    description:
      "Returns `{ value }`. Every read is audited and counted for the calling token. A read through an old name kept as an alias after a rename answers as usual, with `Deprecation`, `Sunset` and `Link` headers naming the current name.",
    scope: "secrets:read",
    params: NameParam,
    response: GetSecretValueResponse,
    errors: [400, 403, 404],
    headers: {
      Deprecation: "Only when read through an alias: when the secret was renamed (RFC 9745, `@<unix seconds>`).",
      Sunset: "Only when read through an alias: when the alias stops answering (RFC 8594, an HTTP date).",
      Link: 'Only when read through an alias: `</api/v1/secrets/name/CURRENT>; rel="successor-version"`.',
    },
    async run({ principal, actor, params, header }) {
      requireName(principal, params.name);
      const read = await readSecret(actor, params.name, { allow: allow(principal) });
      recordTokenUse(principal, { read: true });
      if (read.alias) {
        header("deprecation", `@${Math.floor(read.alias.since.getTime() / 1000)}`);
        header("sunset", read.alias.sunset.toUTCString());
        header("link", `<${API_BASE}/secrets/name/${encodeURIComponent(read.alias.currentName)}>; rel="successor-version"`);
      }
      return { value: read.value };
    },
  }),
  route({
    method: "GET",
    path: "/secrets",
    operationId: "listSecretInfo",
    summary: "List secrets (metadata only)",
    description: "Every secret the token may use, by name: id, name, description and dates. Never values.",
    scope: "secrets:read",
    response: ListSecretInfoResponse,
    errors: [403],
    async run({ principal }) {
      const { secrets } = await listSecretInfo();
      recordTokenUse(principal, { read: false });
      return {
        secrets: secrets
          .filter((s) => nameAllowed(principal, s.name))
          .map((s) => ({ id: s.id, name: s.name, description: s.description, createdDate: s.createdDate.toISOString(), updatedDate: s.updatedDate.toISOString() })),
      };
    },
  }),
  route({
    method: "POST",
    path: "/secrets",
    operationId: "createSecret",
    summary: "Create a secret",
    description: "Returns the new secret's id. A name in use (in any letter case, or kept as an alias) is a 409.",
    scope: "secrets:write",
    body: CreateSecretRequest,
    response: CreateSecretResponse,
    errors: [400, 403, 409, 413],
    async run({ principal, actor, body }) {
      requireName(principal, body.secret.name);
      const id = await createSecret(actor, body.secret);
      recordTokenUse(principal, { read: false });
      return { id };
    },
  }),
  route({
    method: "PATCH",
    path: "/secrets/{id}",
    operationId: "updateSecret",
    summary: "Change a secret's name, value or description",
    description:
      "Only the fields given change. A value change keeps the previous value as a restorable version. A rename frees the old name at once unless `aliasDays` keeps it as an alias.",
    scope: "secrets:write",
    params: IdParam,
    body: UpdateSecretRequest,
    response: EmptyResponse,
    errors: [400, 403, 404, 409, 413],
    async run({ principal, actor, params, body }) {
      if (body.id !== undefined && body.id !== params.id) throw new ValidationError("id", "must equal the id in the path");
      if (body.secret.name !== undefined) requireName(principal, body.secret.name);
      await updateSecret(actor, params.id, body.secret, { aliasDays: body.aliasDays ?? null, allow: allow(principal) });
      recordTokenUse(principal, { read: false });
      return {};
    },
  }),
  route({
    method: "DELETE",
    path: "/secrets/{id}",
    operationId: "deleteSecret",
    summary: "Delete a secret",
    description: "Moves the secret to the trash (an admin can restore it for 30 days); its name is free at once.",
    scope: "secrets:write",
    params: IdParam,
    response: EmptyResponse,
    errors: [400, 403, 404],
    async run({ principal, actor, params }) {
      await deleteSecret(actor, params.id, { allow: allow(principal) });
      recordTokenUse(principal, { read: false });
      return {};
    },
  }),
  // Beyond Wix's API: what bin/secrets needs in remote mode.
  route({
    method: "POST",
    path: "/secrets/import",
    operationId: "importSecrets",
    summary: "Import many secrets at once (all or nothing)",
    description:
      "Creates the names that do not exist; with `overwrite`, gives existing secrets a new version when the value differs; skips the rest. One bad item (its index is in the field, e.g. `secrets[3].name`) or one conflict changes nothing. `dryRun` reports the plan without changing anything. Not part of Wix's API.",
    scope: "secrets:write",
    body: ImportSecretsRequest,
    response: ImportSecretsResponse,
    errors: [400, 403, 409, 413],
    async run({ principal, actor, body }) {
      const result = await importSecrets(actor, body.secrets, { overwrite: body.overwrite, dryRun: body.dryRun, allow: allow(principal) });
      recordTokenUse(principal, { read: false });
      return result;
    },
  }),
  route({
    method: "GET",
    path: "/secrets/{id}/versions",
    operationId: "listVersions",
    summary: "List a secret's versions (never values)",
    description: "The kept versions of a secret's value, newest first, with who made each. Not part of Wix's API.",
    scope: "secrets:read",
    params: IdParam,
    response: ListVersionsResponse,
    errors: [400, 403, 404],
    async run({ principal, params }) {
      await requireId(principal, params.id);
      const versions = await listVersions(params.id);
      recordTokenUse(principal, { read: false });
      return {
        versions: versions.map((v) => ({ version: v.version, createdDate: v.createdDate.toISOString(), createdBy: v.createdBy, current: v.current, length: v.length, fingerprint: v.fingerprint })),
      };
    },
  }),
  route({
    method: "POST",
    path: "/secrets/{id}/versions/{version}/restore",
    operationId: "restoreVersion",
    summary: "Make an earlier value current again",
    description: "Copies the given version's value into a new version (history is never rewritten). Not part of Wix's API.",
    scope: "secrets:write",
    params: VersionParam,
    response: EmptyResponse,
    errors: [400, 403, 404],
    async run({ principal, actor, params }) {
      await requireId(principal, params.id);
      await restoreVersion(actor, params.id, params.version);
      recordTokenUse(principal, { read: false });
      return {};
    },
  }),
];

type Compiled = { route: Route; pattern: RegExp; keys: string[] };
const compiled: Compiled[] = routes.map((r) => {
  const keys: string[] = [];
  const source = (API_BASE + r.path).replace(/\{(\w+)\}/g, (_, k: string) => (keys.push(k), "([^/]+)"));
  return { route: r, pattern: new RegExp(`^${source}$`), keys };
});

export type Match = { route: Route; params: Record<string, string> } | { allowed: string[] } | null;

/** The route for a method and path; `{ allowed }` when the path exists under other methods. Throws ValidationError on bad %-escapes. */
export function matchRoute(method: string, pathname: string): Match {
  const allowed: string[] = [];
  for (const c of compiled) {
    const m = c.pattern.exec(pathname);
    if (!m) continue;
    if (c.route.method !== method) {
      allowed.push(c.route.method);
      continue;
    }
    const params: Record<string, string> = {};
    c.keys.forEach((k, i) => {
      try {
        params[k] = decodeURIComponent(m[i + 1]!);
      } catch {
        throw new ValidationError(k, "is not a valid URL-encoded path segment");
      }
    });
    return { route: c.route, params };
  }
  return allowed.length ? { allowed } : null;
}
