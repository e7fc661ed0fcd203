import type http from "node:http";

/**
 * The REST API (/api/v1), answered by the custom server in front of Next.js
 * (lib/server/serve.ts). STUB: being written; answers 404 for now.
 */
export const isApiPath = (url: string | undefined) => url === "/api/v1" || Boolean(url?.startsWith("/api/v1/")) || Boolean(url?.startsWith("/api/v1?"));

export async function handleApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ message: "Not found", details: { applicationError: { code: "not_found", description: "Not found" } } }));
}
