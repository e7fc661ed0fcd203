import crypto from "node:crypto";
import { test as base, expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { cli, PASSWORD, signIn } from "./helpers";

export type Role = "owner" | "admin" | "member";

/** A unique name per call, so no test depends on what another one made. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${crypto.randomBytes(3).toString("hex")}`;

type Session = { email: string; context: BrowserContext; page: Page; request: APIRequestContext };

/**
 * Each test makes its own users (bin/secrets, unique emails) and signed-in
 * browser contexts; every context it opened is closed when it ends.
 */
export const test = base.extend<{
  createUser: (role: Role, opts?: { prefix?: string }) => string;
  signedIn: (email: string) => Promise<Session>;
  anonymous: () => Promise<Session>;
}>({
  createUser: async ({}, provide) => {
    await provide((role, opts = {}) => {
      const email = `${unique(opts.prefix ?? role)}@example.test`;
      const made = cli(["users", "create", "--email", email, "--role", role], PASSWORD);
      expect(made.code, made.stderr).toBe(0);
      return email;
    });
  },
  signedIn: async ({ browser }, provide) => {
    const opened: BrowserContext[] = [];
    await provide(async (email) => {
      const context = await browser.newContext();
      opened.push(context);
      const page = await context.newPage();
      await signIn(page, email);
      return { email, context, page, request: context.request };
    });
    for (const c of opened) await c.close();
  },
  anonymous: async ({ browser }, provide) => {
    const opened: BrowserContext[] = [];
    await provide(async () => {
      const context = await browser.newContext();
      opened.push(context);
      return { email: "", context, page: await context.newPage(), request: context.request };
    });
    for (const c of opened) await c.close();
  },
});

export { expect };

/**
 * Captures the server action POST a click makes (aborting it, so it never runs) to replay it later.
 * Waits for the page to settle first: a click before hydration sends nothing. Matches the path
 * whatever the query string (the list keeps its state in the URL).
 */
export async function captureAction(page: Page, path: string, trigger: () => Promise<void>): Promise<Captured> {
  await page.waitForLoadState("networkidle");
  const captured = await captureActionAt(page, path, trigger);
  return { path, headers: captured.headers, body: captured.body };
}

export type Captured = { path: string; headers: Record<string, string>; body: Buffer };

/**
 * Like captureAction, for pages with a query string or several actions:
 * catches the first server action POST to `pathname` (any query) that the
 * trigger makes, aborting it; the replay goes to the same URL.
 */
export async function captureActionAt(page: Page, pathname: string, trigger: () => Promise<void>): Promise<Captured> {
  let captured: { url: URL; headers: Record<string, string>; body: Buffer } | undefined;
  const handler = async (route: import("@playwright/test").Route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (captured || req.method() !== "POST" || url.pathname !== pathname || !req.headers()["next-action"]) return route.fallback();
    captured = { url, headers: req.headers(), body: req.postDataBuffer()! };
    await route.abort();
  };
  await page.route("**/*", handler);
  await trigger();
  await expect.poll(() => captured, { timeout: 15_000 }).toBeDefined();
  await page.unroute("**/*", handler);
  const { cookie: _drop, ...headers } = captured!.headers;
  return { path: captured!.url.pathname + captured!.url.search, headers, body: captured!.body };
}
export const replay = (request: APIRequestContext, c: Captured, extra: Record<string, string> = {}) =>
  request.post(c.path, { headers: { ...c.headers, ...extra }, data: c.body, maxRedirects: 0 });

type UserRow = { email: string; role: string; disabled?: boolean; status?: string };
export function userRow(email: string): UserRow | undefined {
  return (JSON.parse(cli(["users", "list", "--json"]).stdout) as { users: UserRow[] }).users.find((u) => u.email === email);
}
