import { OpenApiGeneratorV31, OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { API_BASE, routes } from "./routes";
import { ErrorResponse } from "./schemas";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the route table and
 * the zod schemas that validate requests (served at /api/v1/openapi.json
 * and rendered for admins at /api-reference).
 */
const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input; `details.validationError.fieldViolations` names the field.",
  401: "Missing, malformed, unknown, expired or revoked token.",
  403: "The token lacks the scope, or may not use this secret (its name patterns).",
  404: "No such secret.",
  409: "The name is taken (in any letter case, or kept as an alias of a renamed secret).",
  413: "The request body is larger than 512 KiB.",
  429: "Too many requests for this token or address; `Retry-After` says when to try again.",
  503: "The server is starting, busy or cannot write its audit log; nothing was changed or returned.",
};

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiToken", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description:
      "An API token made in the dashboard (/tokens) or with `bin/secrets tokens create`, sent as `Authorization: <token>` (what the Wix client sends) or `Authorization: Bearer <token>`.",
  });
  const error = { description: "", content: { "application/json": { schema: ErrorResponse } } };
  for (const r of routes) {
    const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([h, description]) => [h, { description, schema: { type: "string" as const } }]));
    registry.registerPath({
      method: r.method.toLowerCase() as "get" | "post" | "patch" | "delete",
      path: r.path,
      operationId: r.operationId,
      summary: r.summary,
      description: `${r.description}\n\nNeeds the \`${r.scope}\` scope.`,
      security: [{ apiToken: [] }],
      request: {
        params: r.params as z.ZodObject | undefined,
        body: r.body ? { required: true, content: { "application/json": { schema: r.body } } } : undefined,
      },
      responses: {
        200: {
          description: "OK. Responses carry `Cache-Control: no-store`.",
          headers: Object.keys(headers).length ? headers : undefined,
          content: { "application/json": { schema: r.response } },
        },
        ...Object.fromEntries([...r.errors, 401, 429, 503].sort().map((s) => [s, { ...error, description: ERROR_TEXT[s] ?? "Error" }])),
      },
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Secrets Manager API",
      version: "1",
      description:
        "Wire-compatible with the Wix Secrets REST API, so the official Wix client (`@wix/sdk` + `@wix/secrets`) and code written for `wix-secrets-backend.v2` work against this server. Errors use Wix's envelope.",
    },
    servers: [{ url: API_BASE }],
  });
  return cached;
}
