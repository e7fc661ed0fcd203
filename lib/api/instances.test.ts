import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { cli } from "../testing/cli";
import { openTestKeyring } from "../testing/keyring";
import { startServer, type TestServer } from "../testing/api-server";
import { createToken, revokeToken } from "../tokens/service";
import { createUser } from "../users/users";

/**
 * Several instances, one database (product.md §6): two real servers
 * (bin/secrets serve --api-only, separate processes) share nothing but
 * PostgreSQL. A change made through one is seen by the other at once; a
 * token revoked elsewhere is refused within a second (LISTEN/NOTIFY drops
 * the cached token); keys rotated by the CLI do not confuse either.
 */
const admin: Actor = { id: "user:instances@example.test", source: "test" };
let a: TestServer;
let b: TestServer;
let token = "";

const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json", authorization: token }, body: JSON.stringify(body) });
const get = (s: TestServer, path: string, t = token) => s.request(path, { headers: { authorization: t } });

beforeAll(async () => {
  await openTestKeyring();
  await createUser(admin, { email: "owner@instances.test", role: "owner", password: "correct horse battery staple" });
  token = (await createToken(admin, { name: "fleet", scopes: ["secrets:read", "secrets:write"] })).token;
  [a, b] = await Promise.all([startServer({ apiOnly: true }), startServer({ apiOnly: true })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

describe("two instances on one database", () => {
  it("a value changed through one is read through the other at once", async () => {
    const created = await a.request("/api/v1/secrets", json({ secret: { name: "SHARED_KEY", value: "one" } }));
    expect(created.status, created.body).toBe(200);
    const { id } = created.json() as { id: string };
    expect((await get(b, "/api/v1/secrets/name/SHARED_KEY")).json()).toEqual({ value: "one" });
    const patched = await a.request(`/api/v1/secrets/${id}`, { ...json({ secret: { value: "two" } }), method: "PATCH" });
    expect(patched.status).toBe(200);
    expect((await get(b, "/api/v1/secrets/name/SHARED_KEY")).json()).toEqual({ value: "two" });
  });

  it("a token revoked elsewhere is refused by both within a second", async () => {
    const { token: doomed } = await createToken(admin, { name: "doomed", scopes: ["secrets:read"] });
    // Both instances have verified (and cached) it.
    expect((await get(a, "/api/v1/secrets", doomed)).status).toBe(200);
    expect((await get(b, "/api/v1/secrets", doomed)).status).toBe(200);
    await revokeToken(admin, "doomed");
    const revokedAt = Date.now();
    for (const s of [a, b]) {
      let status = 0;
      while ((status = (await get(s, "/api/v1/secrets", doomed)).status) === 200 && Date.now() - revokedAt < 3000) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe(401);
    }
    expect(Date.now() - revokedAt).toBeLessThan(1000);
  });

  it("keys rotated by the CLI: both instances read old values and write new ones the other can read", async () => {
    const before = await a.request("/api/v1/secrets", json({ secret: { name: "BEFORE_ROTATION", value: "old kek" } }));
    expect(before.status).toBe(200);
    const rotated = await cli(["keys", "rotate"]);
    expect(rotated.code, rotated.stderr).toBe(0);
    const after = await b.request("/api/v1/secrets", json({ secret: { name: "AFTER_ROTATION", value: "new kek" } }));
    expect(after.status).toBe(200);
    expect((await get(a, "/api/v1/secrets/name/AFTER_ROTATION")).json()).toEqual({ value: "new kek" });
    expect((await get(b, "/api/v1/secrets/name/BEFORE_ROTATION")).json()).toEqual({ value: "old kek" });
  });
});
