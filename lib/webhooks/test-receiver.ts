import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A webhook receiver for tests (Vitest and Playwright): a real HTTP server
 * on 127.0.0.1 that records every request and answers with the status the
 * test chooses for the nth request (1-based).
 */
export type Received = { path: string; headers: Record<string, string>; body: string; at: number };

export type Receiver = {
  url: (path?: string) => string;
  port: number;
  received: Received[];
  close(): Promise<void>;
};

export async function startReceiver(status: (n: number) => number = () => 204): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      received.push({ path: req.url ?? "/", headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      res.writeHead(status(received.length), { "content-type": "text/plain" });
      res.end("a body the sender must not store\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = "/hooks") => `http://127.0.0.1:${port}${path}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
