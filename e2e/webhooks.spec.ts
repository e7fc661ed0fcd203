import crypto from "node:crypto";
import { Webhook } from "standardwebhooks";
import { startReceiver, type Receiver } from "../lib/webhooks/test-receiver";
import { expect, test } from "./fixtures";
import { cli, confirmIdentity } from "./helpers";

/**
 * Webhooks in the dashboard (/webhooks): the owner allows private targets
 * (the receiver runs on 127.0.0.1 beside the app), adds an endpoint, sees
 * its signing secret once, a change made with bin/secrets reaches the
 * receiver signed, and shows up in the endpoint's delivery log, where
 * Resend sends it again; then the endpoint is removed. Members are refused
 * the page; an admin may not change the owner's setting.
 */
const tag = () => crypto.randomBytes(4).toString("hex");
let receiver: Receiver | undefined;

test.afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

test("an endpoint added in the dashboard gets each change, signed, and its log shows it", async ({ createUser, signedIn, baseURL }) => {
  test.setTimeout(120_000);
  receiver = await startReceiver(() => 204);
  const t = tag();
  const secret = { name: `E2E_HOOK_${t.toUpperCase()}`, value: `hook-value-${t}` };
  const { page, context } = await signedIn(createUser("owner"));
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  await page.goto("/webhooks");
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

  // Without the owner's setting a receiver on 127.0.0.1 is refused, naming the field.
  await confirmIdentity(page);
  await page.getByRole("button", { name: "Add endpoint" }).first().click();
  let dialog = page.getByRole("dialog", { name: "Add webhook endpoint" });
  await dialog.getByLabel("URL").fill("ftp://example.com/");
  await expect(dialog.getByText("must start with https:// (or http://)")).toBeVisible();
  await dialog.getByLabel("URL").fill(receiver.url(`/hooks/${t}`));
  await expect(dialog.getByText(/Plain http: anyone on the way can read the events/)).toBeVisible();
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
  await expect(dialog.getByText(/is a loopback address .*not allowed \(the owner can allow private addresses/)).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  const allow = page.getByRole("checkbox", { name: /Allow endpoints on private networks/ });
  if (!(await allow.isChecked())) await allow.check();
  await page.getByRole("button", { name: "Save setting" }).click();
  await expect(page.getByText("Endpoints may now be on private networks.")).toBeVisible();

  // Add it: every event but "restored", with a description.
  await confirmIdentity(page);
  await page.getByRole("button", { name: "Add endpoint" }).first().click();
  dialog = page.getByRole("dialog", { name: "Add webhook endpoint" });
  await dialog.getByLabel("URL").fill(receiver.url(`/hooks/${t}`));
  await dialog.getByRole("checkbox", { name: /Secret restored/ }).uncheck();
  await dialog.getByLabel("Description").fill(`e2e receiver ${t}`);
  await dialog.getByRole("button", { name: "Add endpoint" }).click();

  // The signing secret, once, with a copy button.
  const ready = page.getByRole("dialog", { name: "Endpoint added" });
  await expect(ready.getByText("Copy the signing secret now: you will not see it again")).toBeVisible();
  const signingSecret = (await ready.getByTestId("signing-secret").textContent())!.trim();
  expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await ready.getByRole("button", { name: "Copy" }).click();
  await expect(ready.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(signingSecret);
  await ready.getByRole("button", { name: "Done" }).click();
  await expect(ready).toHaveCount(0);

  // Listed, without the secret: not in the page, not in its RSC payload.
  const table = page.getByTestId("endpoints-table");
  const row = table.getByRole("row").filter({ hasText: `/hooks/${t}` });
  await expect(row).toContainText(`e2e receiver ${t}`);
  await expect(row).toContainText("http");
  await expect(row).toContainText("None yet");
  const raw = signingSecret.slice("whsec_".length);
  await page.reload();
  expect(await page.content()).not.toContain(raw);
  expect(await (await page.request.get("/webhooks", { headers: { RSC: "1" } })).text()).not.toContain(raw);

  // A change made elsewhere (bin/secrets) reaches the receiver, verifiable with the secret, without the value.
  expect(cli(["create", secret.name, "--description", "hooked"], secret.value).code).toBe(0);
  await expect.poll(() => receiver!.received.length, { timeout: 20_000 }).toBe(1);
  const first = receiver.received[0]!;
  const body = new Webhook(signingSecret).verify(first.body, first.headers) as { type: string; data: { slug: string; createdEvent: { entity: { name: string } } } };
  expect(body).toMatchObject({ type: "secret.created", data: { slug: "created", createdEvent: { entity: { name: secret.name } } } });
  expect(first.body).not.toContain(secret.value);
  expect(first.path).toBe(`/hooks/${t}`);

  // The delivery log: event, status, attempts, response code.
  await page.reload();
  await expect(row).toContainText("Delivered");
  await row.getByRole("link", { name: /Delivery log of/ }).click();
  await expect(page.getByRole("heading", { name: "Delivery log" })).toBeVisible();
  const log = page.getByTestId("deliveries-table");
  const delivery = log.getByRole("row").filter({ hasText: "secret.created" });
  await expect(delivery).toHaveAttribute("data-status", "delivered");
  await expect(delivery).toContainText(secret.name);
  await expect(delivery.getByRole("cell").nth(2)).toHaveText("1");
  await expect(delivery).toContainText("204");
  await expect(page.getByText(/^secret\.restored$/)).toHaveCount(0);

  // Resend: the same message (webhook-id) again, signed afresh.
  await delivery.getByRole("button", { name: /^Resend/ }).click();
  await expect.poll(() => receiver!.received.length, { timeout: 20_000 }).toBe(2);
  expect(receiver.received[1]!.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
  new Webhook(signingSecret).verify(receiver.received[1]!.body, receiver.received[1]!.headers);
  await expect.poll(async () => (await page.reload(), await delivery.getByRole("cell").nth(2).textContent()), { timeout: 10_000 }).toBe("2");

  // An update says what changed.
  expect(cli(["update", secret.name, "--description", `changed ${t}`]).code).toBe(0);
  await expect.poll(() => receiver!.received.length, { timeout: 20_000 }).toBe(3);
  const updated = new Webhook(signingSecret).verify(receiver.received[2]!.body, receiver.received[2]!.headers) as {
    data: { updatedEvent: { changed: string[]; currentEntity: { description: string } } };
  };
  expect(updated.data.updatedEvent).toMatchObject({ changed: ["description"], currentEntity: { description: `changed ${t}` } });


  // Removing needs the confirmation; then no more events.
  await confirmIdentity(page);
  await page.getByRole("button", { name: /^Remove / }).click();
  const confirm = page.getByRole("alertdialog", { name: "Remove this endpoint?" });
  await confirm.getByRole("button", { name: "Remove endpoint" }).click();
  await page.waitForURL((u) => u.pathname === "/webhooks");
  await expect(page.getByText(`/hooks/${t}`)).toHaveCount(0);
  expect(cli(["delete", secret.name]).code).toBe(0);
  await page.waitForTimeout(3000);
  expect(receiver.received).toHaveLength(3);

  expect(errors).toEqual([]);
});

test("members are refused the page, and an admin cannot change the owner's setting", async ({ createUser, signedIn }) => {
  createUser("owner");
  const member = await signedIn(createUser("member"));
  const refused = await member.request.get("/webhooks", { maxRedirects: 0 });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).not.toContain("Private networks");

  const admin = await signedIn(createUser("admin"));
  await admin.page.goto("/webhooks");
  await expect(admin.page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await expect(admin.page.getByRole("checkbox", { name: /Allow endpoints on private networks/ })).toBeDisabled();
  await expect(admin.page.getByText("Only the owner can change this.")).toBeVisible();
});
