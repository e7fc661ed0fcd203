import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { cli } from "../testing/cli";

/**
 * bin/secrets webhooks (local mode): add prints the signing secret alone,
 * once; list and deliveries show the log without it; refusals name the
 * argument to fix. No delivery worker runs here, so nothing is sent.
 */
const tag = () => crypto.randomBytes(4).toString("hex");

describe("secrets webhooks", () => {
  it("adds an endpoint (signing secret on stdout, once), lists it, shows its deliveries and removes it", async () => {
    const url = `https://93.184.216.34/hooks/${tag()}`;
    const added = await cli(["webhooks", "add", url, "--events", "secret.created, secret.deleted", "--description", "billing"]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^whsec_[A-Za-z0-9+/=]+\n$/);
    const signingSecret = added.stdout.trim();
    expect(added.stderr).toMatch(new RegExp(`^Added webhook endpoint [0-9a-f-]{36} for secret.created, secret.deleted to ${url}\\.\\nThe signing secret is printed only this once`));

    const listed = JSON.parse((await cli(["webhooks", "list", "--json"])).stdout) as { endpoints: { id: string; url: string; events: string[]; description: string }[] };
    const endpoint = listed.endpoints.find((e) => e.url === url)!;
    expect(endpoint).toMatchObject({ events: ["secret.created", "secret.deleted"], description: "billing" });
    const table = await cli(["webhooks", "list"]);
    expect(table.stdout).toMatch(new RegExp(`^ID\\s+URL\\s+EVENTS\\s+LAST DELIVERY\\s+CREATED\\n[\\s\\S]*${endpoint.id}\\s+${url}\\s+secret.created,secret.deleted\\s+-`));
    expect(table.stdout + JSON.stringify(listed)).not.toContain(signingSecret);

    expect((await cli(["webhooks", "deliveries", endpoint.id])).stdout).toBe("no deliveries yet\n");
    const n = `HOOK_${tag()}`;
    expect((await cli(["create", n, "-q"], { input: "never in a webhook" })).code).toBe(0);
    const log = await cli(["webhooks", "deliveries", endpoint.id]);
    expect(log.stdout).toMatch(new RegExp(`^CREATED\\s+EVENT\\s+SECRET\\s+STATUS\\s+ATTEMPTS\\s+CODE\\s+NEXT RETRY\\s+LAST ERROR\\n\\S+\\s+secret.created\\s+${n}\\s+pending\\s+0\\s+-`));
    const json = JSON.parse((await cli(["webhooks", "deliveries", endpoint.id, "--json"])).stdout) as { deliveries: { eventType: string; secretName: string }[] };
    expect(json.deliveries).toEqual([expect.objectContaining({ eventType: "secret.created", secretName: n })]);
    expect(JSON.stringify(json)).not.toContain("never in a webhook");

    expect(await cli(["webhooks", "remove", endpoint.id])).toMatchObject({ code: 0, stderr: `Removed webhook endpoint ${endpoint.id} and its delivery log\n` });
    expect(await cli(["webhooks", "deliveries", endpoint.id])).toMatchObject({ code: 1, stderr: `secrets: No webhook endpoint with id ${endpoint.id}\n` });
  });

  it("refuses bad input in one line naming the argument", async () => {
    const cases: [string[], string, number][] = [
      [["webhooks", "add", "ftp://example.com/x", "--events", "secret.created"], "secrets: URL: must start with https:// (or http://)\n", 1],
      [["webhooks", "add", "http://169.254.169.254/latest", "--events", "secret.created"], "secrets: URL: is a cloud metadata address, which is not allowed\n", 1],
      [["webhooks", "add", "https://93.184.216.34/x", "--events", "secret.read"], 'secrets: --events: "secret.read" is not an event (known: secret.created, secret.updated, secret.deleted, secret.restored)\n', 1],
      [["webhooks", "add", "https://93.184.216.34/x"], "secrets: required option --events not specified (see secrets webhooks add --help)\n", 2],
      [["webhooks", "remove", "nonsense"], "secrets: ID: is not a valid endpoint id\n", 1],
      [["webhooks", "deliveries"], 'secrets: missing required argument "ID" (see secrets webhooks deliveries --help)\n', 2],
    ];
    for (const [args, stderr, code] of cases) expect(await cli(args), args.join(" ")).toMatchObject({ code, stdout: "", stderr });
    expect((await cli(["webhooks", "--help"])).stdout).toMatch(/^ {2}add \[options\] <URL>/m);
  });
});
