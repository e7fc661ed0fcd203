import { cli } from "./helpers";
import { expect, test, unique } from "./fixtures";
import { E2E_PORT } from "./env";

/**
 * The REST API on the real server (the lean handler in front of Next.js):
 * code's reads show up in the dashboard per token and per name used, and a
 * flood of requests with bad tokens is refused with 429 while the dashboard
 * keeps answering. The server trusts X-Forwarded-For in these tests
 * (SECRETS_TRUST_PROXY=1), so each test plays its own client address and
 * the budgets it uses up are its own.
 */
const API = `http://localhost:${E2E_PORT}/api/v1`;
const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

function makeToken(name: string, scopes = "secrets:read,secrets:write") {
  const made = cli(["tokens", "create", "--name", name, "--scopes", scopes]);
  expect(made.code, made.stderr).toBe(0);
  return made.stdout.trim();
}

test("a token's reads, through the name and through an alias, appear on the secret's page", async ({ createUser, signedIn }) => {
  // Secrets exist only once the site has its owner.
  createUser("owner");
  const tokenName = unique("svc").toLowerCase();
  const token = makeToken(tokenName);
  const from = address();
  const headers = { authorization: token, "content-type": "application/json", "x-forwarded-for": from };
  const oldName = unique("API_OLD").replace(/-/g, "_");
  const newName = unique("API_NEW").replace(/-/g, "_");
  const created = await fetch(`${API}/secrets`, { method: "POST", headers, body: JSON.stringify({ secret: { name: oldName, value: "from code" } }) });
  expect(created.status).toBe(200);
  const { id } = (await created.json()) as { id: string };
  expect((await fetch(`${API}/secrets/${id}`, { method: "PATCH", headers, body: JSON.stringify({ secret: { name: newName }, aliasDays: 7 }) })).status).toBe(200);
  const viaAlias = await fetch(`${API}/secrets/name/${oldName}`, { headers });
  expect(await viaAlias.json()).toEqual({ value: "from code" });
  expect(viaAlias.headers.get("deprecation")).toMatch(/^@\d+$/);
  expect((await fetch(`${API}/secrets/name/${newName}`, { headers })).status).toBe(200);

  const { page } = await signedIn(createUser("admin"));
  // Counters are written at most a second after the read.
  await expect(async () => {
    await page.goto(`/secrets/${id}`);
    const usage = page.locator("#usage");
    await expect(usage).toContainText(`token ${tokenName}`, { timeout: 1000 });
    await expect(usage).toContainText(oldName.toLowerCase(), { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  // The page never carries the value.
  expect(await page.content()).not.toContain("from code");
});

test("a flood of bad-token requests gets 429s while the dashboard still answers", async ({ createUser, signedIn }) => {
  createUser("owner");
  const { page } = await signedIn(createUser("admin"));
  const from = address();
  const statuses: number[] = [];
  let stop = false;
  const flood = Promise.all(
    Array.from({ length: 24 }, async (_, worker) => {
      for (let i = 0; !stop && i < 400; i++) {
        const bad = `smk_${(worker * 1000 + i).toString(16).padStart(16, "0")}_${"A".repeat(43)}`;
        const res = await fetch(`${API}/secrets/name/ANYTHING`, { headers: { authorization: bad, "x-forwarded-for": from } });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
    }),
  );
  try {
    // While the flood runs: pages render, and another client's good token still reads.
    await expect.poll(() => statuses.length).toBeGreaterThan(100);
    const started = Date.now();
    const res = await page.goto("/secrets");
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Secrets" })).toBeVisible();
    expect(Date.now() - started).toBeLessThan(10_000);
    const token = makeToken(unique("good").toLowerCase(), "secrets:read");
    const good = await fetch(`${API}/secrets`, { headers: { authorization: token, "x-forwarded-for": address() } });
    expect(good.status).toBe(200);
  } finally {
    stop = true;
    await flood;
  }
  expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(statuses.length / 2);
  expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
});

test("the API reference page shows every operation of the OpenAPI document; members cannot open it", async ({ createUser, signedIn }) => {
  createUser("owner");
  const { page } = await signedIn(createUser("admin"));
  const doc = (await (await fetch(`${API}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
  const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
  expect(ids.length).toBeGreaterThanOrEqual(5);
  const res = await page.goto("/api-reference");
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
  for (const id of ids) await expect(page.getByTestId(`op-${id}`)).toBeVisible();
  await expect(page.getByTestId("op-getSecretValue")).toContainText("/api/v1/secrets/name/{name}");
  await page.screenshot({ path: test.info().outputPath("api-reference.png"), fullPage: true });

  const member = await signedIn(createUser("member"));
  expect((await member.page.goto("/api-reference"))?.status()).toBe(403);
});
