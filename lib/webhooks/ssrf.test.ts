import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { nextAttemptAt, post, RETRY_WINDOW_HOURS } from "./deliver";
import { checkTarget, classifyAddress, expandIPv6, parseEndpointUrl, selfOrigin, TargetRefused, type TargetPolicy } from "./ssrf";
import { startReceiver } from "./test-receiver";

/** Address classes, URL checks and the pinned connection, without a database. */
const policy = (over: Partial<TargetPolicy> = {}): TargetPolicy => ({ allowPrivate: false, self: { listenPort: 3000 }, ...over });
const refusal = async (url: string, p: TargetPolicy = policy()) => {
  try {
    await checkTarget(parseEndpointUrl(url), p);
  } catch (err) {
    if (err instanceof TargetRefused) return err.message;
    throw err;
  }
  return null;
};

describe("classifyAddress", () => {
  it.each([
    ["169.254.169.254", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["::ffff:169.254.169.254", "metadata"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["127.0.0.1", "loopback"],
    ["127.10.0.5", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["64:ff9b::7f00:1", "loopback"],
    ["2002:7f00:1::", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::127.0.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    ["8.8.8.8", "public"],
    ["172.32.0.1", "public"],
    ["2606:4700::1111", "public"],
    ["::ffff:8.8.8.8", "public"],
    ["not an address", "reserved"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it("expands IPv6 forms", () => {
    expect(expandIPv6("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(expandIPv6("64:ff9b::192.0.2.33")).toEqual([0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x221]);
    expect(expandIPv6("1.2.3.4")).toBeNull();
  });
});

describe("endpoint URLs", () => {
  it("only http(s), without credentials", async () => {
    for (const url of ["ftp://example.com/", "file:///etc/passwd", "gopher://127.0.0.1:25/", "not a url", "javascript:alert(1)"]) {
      expect(() => parseEndpointUrl(url), url).toThrow(TargetRefused);
    }
    expect(() => parseEndpointUrl("https://user:pass@example.com/")).toThrow(/user name or password/);
    expect(parseEndpointUrl(" https://Example.COM/hooks#frag ").href).toBe("https://example.com/hooks");
  });

  it("refuses metadata, link-local, unspecified and multicast addresses, with or without the private setting", async () => {
    for (const allowPrivate of [false, true]) {
      for (const [url, says] of [
        ["http://169.254.169.254/latest/meta-data/", "cloud metadata"],
        ["http://[fd00:ec2::254]/", "cloud metadata"],
        ["http://169.254.10.10/", "link-local"],
        ["http://[fe80::1]/", "link-local"],
        ["http://0.0.0.0:8080/", "unspecified"],
        ["http://224.0.0.1/", "multicast"],
        ["http://[::ffff:169.254.169.254]/", "cloud metadata"],
      ] as const) {
        expect(await refusal(url, policy({ allowPrivate })), `${url} allowPrivate=${allowPrivate}`).toContain(says);
      }
    }
  });

  it("refuses loopback and private networks unless allowed, in every spelling", async () => {
    for (const url of [
      "http://127.0.0.1:9000/",
      "http://2130706433:9000/", // 127.0.0.1 as one number
      "http://0x7f.1:9000/",
      "http://[::1]:9000/",
      "http://[::ffff:127.0.0.1]:9000/",
      "http://10.0.0.8/",
      "http://172.20.1.1/",
      "http://192.168.0.10/",
      "http://[fd00::5]/",
    ]) {
      expect(await refusal(url), url).toMatch(/not allowed \(the owner can allow private addresses/);
      expect(await refusal(url, policy({ allowPrivate: true })), url).toBeNull();
    }
  });

  it("judges a host name by what it resolves to (localhost, and a name an attacker points at a private address)", async () => {
    expect(await refusal("http://localhost:9000/")).toMatch(/resolves to a loopback address/);
    const resolve = async (host: string) =>
      host === "rebind.example.test"
        ? [
            { address: "93.184.216.34", family: 4 },
            { address: "10.0.0.5", family: 4 },
          ]
        : [{ address: "93.184.216.34", family: 4 }];
    // One private address among public ones refuses the name.
    expect(await refusal("https://rebind.example.test/", policy({ resolve }))).toMatch(/resolves to a private network address \(10\.0\.0\.5\)/);
    expect(await refusal("https://fine.example.test/", policy({ resolve }))).toBeNull();
    expect(await refusal("https://nowhere.invalid/")).toMatch(/was not found/);
  });

  it("refuses the app itself, even when private targets are allowed", async () => {
    const self = selfOrigin({ port: 3000, publicUrl: "https://secrets.example.test" });
    for (const url of ["http://127.0.0.1:3000/api/v1/secrets", "http://localhost:3000/", "http://[::1]:3000/", "https://secrets.example.test/api/v1/secrets"]) {
      expect(await refusal(url, policy({ allowPrivate: true, self, resolve: async (h) => [{ address: h === "localhost" ? "127.0.0.1" : "93.184.216.34", family: 4 }] })), url).toMatch(
        /this app itself/,
      );
    }
    // Another port on this machine is another program.
    expect(await refusal("http://127.0.0.1:3001/", policy({ allowPrivate: true, self }))).toBeNull();
  });
});

describe("the connection goes to the address that was checked", () => {
  const servers: http.Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it("a host name is not looked up again when connecting (DNS rebinding gains nothing)", async () => {
    const r = await startReceiver(() => 200);
    // This name resolves nowhere; the request still reaches the checked address, with the URL's host in the Host header.
    const url = new URL(`http://rebind.invalid:${r.port}/pinned`);
    const result = await post({ url, address: "127.0.0.1", family: 4 }, "{}", { "content-type": "application/json" }, 5000);
    expect(result).toMatchObject({ ok: true, statusCode: 200 });
    expect(r.received[0]).toMatchObject({ path: "/pinned", body: "{}" });
    expect(r.received[0]!.headers.host).toBe(`rebind.invalid:${r.port}`);
    await r.close();
  });

  it("gives up on a receiver that does not answer, and does not follow redirects", async () => {
    const silent = http.createServer(() => {});
    const redirecting = http.createServer((_req, res) => res.writeHead(307, { location: "http://169.254.169.254/" }).end());
    servers.push(silent, redirecting);
    for (const s of servers) await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
    const at = (s: http.Server) => ({ url: new URL(`http://127.0.0.1:${(s.address() as AddressInfo).port}/`), address: "127.0.0.1", family: 4 as const });
    const started = Date.now();
    expect(await post(at(silent), "{}", {}, 300)).toEqual({ ok: false, statusCode: null, error: "no answer within 0.3 s", retry: true });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await post(at(redirecting), "{}", {}, 5000)).toEqual({ ok: false, statusCode: 307, error: "HTTP 307 (redirects are not followed)", retry: true });
    const closed = { url: new URL("http://127.0.0.1:1/"), address: "127.0.0.1", family: 4 as const };
    expect(await post(closed, "{}", {}, 5000)).toMatchObject({ ok: false, error: "connection refused", retry: true });
  });
});

describe("retry schedule", () => {
  it("doubles the gaps from the base delay, at most 4 hours apart, and stops 24 hours after the event", () => {
    const start = Date.UTC(2026, 10, 30, 12);
    const until = new Date(start + RETRY_WINDOW_HOURS * 3_600_000);
    const attempts = [start];
    for (;;) {
      const next = nextAttemptAt(new Date(attempts.at(-1)!), until, 30);
      if (!next) break;
      attempts.push(next.getTime());
      expect(attempts.length).toBeLessThan(40);
    }
    const gaps = attempts.slice(1).map((t, i) => (t - attempts[i]!) / 1000);
    expect(gaps.slice(0, 6)).toEqual([30, 30, 60, 120, 240, 480]);
    expect(Math.max(...gaps)).toBe(4 * 3600);
    expect(attempts.at(-1)).toBe(until.getTime());
    expect(attempts.length).toBeGreaterThan(10);
    expect(attempts.length).toBeLessThan(25);
  });
});
