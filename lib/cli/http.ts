import http from "node:http";
import type { FetchLike, FetchResponse } from "../sdk/index";

/**
 * The SDK's `fetch`, on node:http and node:https: Node 20's global fetch
 * loads undici on first use (~25 ms here), a quarter of remote mode's
 * whole budget for `secrets get`. Errors are shaped as fetch shapes them (a
 * TypeError whose `cause` carries the system or TLS code), so the SDK's
 * network and TLS error mapping applies unchanged. Like the SDK's fetch
 * call it never follows redirects.
 */
export const httpFetch: FetchLike = async (url, init) => {
  const target = new URL(url);
  const mod: typeof http = target.protocol === "https:" ? ((await import("node:https")) as unknown as typeof http) : http;
  return new Promise<FetchResponse>((resolve, reject) => {
    const req = mod.request(target, { method: init.method, headers: init.headers, signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", (err) => reject(failed(err)));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: res.statusCode ?? 0,
          headers: {
            get: (name) => {
              const v = res.headers[name.toLowerCase()];
              return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
            },
          },
          text: async () => body,
        });
      });
    });
    req.on("error", (err) => reject(failed(err)));
    req.end(init.body);
  });
};

/** A timeout or abort keeps its name (the SDK reports it as such); anything else becomes fetch's TypeError with the cause. */
function failed(err: Error): Error {
  if (err.name === "AbortError" || err.name === "TimeoutError") return err;
  return new TypeError("fetch failed", { cause: err });
}
