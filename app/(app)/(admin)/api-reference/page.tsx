import { headers } from "next/headers";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { openApiDocument } from "@/lib/api/openapi";
import { requirePageRole } from "@/lib/auth/dal";
import { config } from "@/lib/config";

export const metadata = { title: "API reference · Secrets Manager" };

type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; example?: unknown; description?: string; format?: string };
type Operation = {
  operationId: string;
  summary: string;
  description: string;
  parameters?: { name: string; in: string; description?: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; headers?: Record<string, { description: string }>; content?: Record<string, { schema: Schema }> }>;
};
type Doc = { info: { description: string }; paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

/** The REST API for admins who wire code to it: rendered from the same OpenAPI document /api/v1/openapi.json serves. */
export default async function ApiReferencePage() {
  await requirePageRole("admin");
  const doc = openApiDocument() as Doc;
  const base = config().publicUrl ?? `${(await headers()).get("x-forwarded-proto") === "https" ? "https" : "http"}://${(await headers()).get("host") ?? "localhost"}`;
  const resolve = (s: Schema): Schema => (s.$ref ? (doc.components?.schemas?.[s.$ref.split("/").pop()!] ?? {}) : s);
  const example = (s: Schema, depth = 0): unknown => {
    const r = resolve(s);
    if (r.example !== undefined) return r.example;
    if (depth > 5) return null;
    if (r.properties) return Object.fromEntries(Object.entries(r.properties).map(([k, v]) => [k, example(v, depth + 1)]));
    if (r.items) return [example(r.items, depth + 1)];
    if (r.format === "date-time") return "2026-11-29T12:00:00.000Z";
    if (r.format === "uuid") return "0b6f8f5e-3c1a-4a57-9a4e-2f1d5c7e9b10";
    return r.type === "number" || r.type === "integer" ? 0 : r.type === "boolean" ? false : "…";
  };
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

  return (
    <>
      <PageHeader
        title="API reference"
        description="Code reads and changes secrets over this REST API with an API token. It speaks the Wix Secrets API, so the official Wix client and code written for wix-secrets-backend.v2 work unchanged."
      />
      <Card>
        <CardHeader>
          <CardTitle>Getting started</CardTitle>
          <CardDescription>
            Base URL <code className="font-mono">{base}/api/v1</code>. Send an API token (Tokens page, or <code className="font-mono">bin/secrets tokens create</code>) as{" "}
            <code className="font-mono">Authorization: &lt;token&gt;</code> or <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>. The machine-readable
            document is at{" "}
            <a className="underline underline-offset-4" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>{" "}
            (OpenAPI 3.1).
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 lg:grid-cols-3">
          <Snippet title="curl" code={`curl -H "Authorization: $SECRETS_TOKEN" \\\n  ${base}/api/v1/secrets/name/STRIPE_API_KEY`} />
          <Snippet
            title="This package's SDK"
            code={`// SECRETS_URL=${base} SECRETS_TOKEN=smk_…\nimport { secrets } from "secrets-manager/sdk";\nconst { value } = await secrets.getSecretValue("STRIPE_API_KEY");`}
          />
          <Snippet
            title="The official Wix client (https only)"
            code={`import { createClient, ApiKeyStrategy } from "@wix/sdk";\nimport { secrets } from "@wix/secrets";\nconst wix = createClient({\n  modules: { secrets },\n  host: { apiBaseUrl: "${base.replace(/^https?:\/\//, "")}" },\n  auth: ApiKeyStrategy({ apiKey: token, siteId: "any" }),\n});`}
          />
        </CardContent>
      </Card>
      <div className="space-y-4">
        {ops.map(({ path, method, op }) => {
          const body = op.requestBody?.content["application/json"]?.schema;
          const ok = op.responses["200"];
          const okSchema = ok?.content?.["application/json"]?.schema;
          const errors = Object.entries(op.responses).filter(([s]) => s !== "200");
          return (
            <Card key={op.operationId} id={op.operationId} data-testid={`op-${op.operationId}`}>
              <CardHeader>
                <CardTitle as="h2" className="flex flex-wrap items-center gap-2 font-mono text-base">
                  <Badge variant={method === "GET" ? "secondary" : method === "DELETE" ? "destructive" : "default"}>{method}</Badge>
                  <span className="break-all">/api/v1{path}</span>
                </CardTitle>
                <CardDescription>
                  <span className="font-medium text-foreground">{op.summary}.</span> <span className="whitespace-pre-line">{op.description.replace(/`/g, "")}</span>
                </CardDescription>
              </CardHeader>
              <CardContent className="grid gap-4 lg:grid-cols-2">
                {op.parameters?.length ? (
                  <Fields title="Path parameters" rows={op.parameters.map((p) => [p.name, p.description ?? resolve(p.schema ?? {}).description ?? ""])} />
                ) : null}
                {body ? <Snippet title="Request body" code={JSON.stringify(example(body), null, 2)} /> : null}
                {okSchema ? <Snippet title="200 response" code={JSON.stringify(example(okSchema), null, 2)} /> : null}
                {ok?.headers ? <Fields title="Response headers" rows={Object.entries(ok.headers).map(([h, v]) => [h, v.description.replace(/`/g, "")])} /> : null}
                <Fields title="Errors" rows={errors.map(([status, r]) => [status, r.description.replace(/`/g, "")])} />
              </CardContent>
            </Card>
          );
        })}
      </div>
    </>
  );
}

function Snippet({ title, code }: { title: string; code: string }) {
  return (
    <div className="min-w-0 space-y-1.5">
      <h3 className="text-sm font-medium">{title}</h3>
      <pre className="overflow-x-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed">{code}</pre>
    </div>
  );
}

function Fields({ title, rows }: { title: string; rows: [string, string][] }) {
  return (
    <div className="min-w-0 space-y-1.5">
      <h3 className="text-sm font-medium">{title}</h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-mono text-xs leading-5">{k}</dt>
            <dd className="text-muted-foreground">{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
