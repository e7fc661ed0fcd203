import dns from "node:dns";
import net from "node:net";
import os from "node:os";
import { ValidationError } from "../errors";

/**
 * Where a webhook may be sent (SSRF). An admin who can add an endpoint must
 * not be able to make the server call what only the server can reach: the
 * cloud metadata service, link-local or multicast addresses, or the app
 * itself. Loopback and private networks (RFC 1918, fc00::/7, 100.64/10) are
 * refused too unless the owner allows private targets (site settings); the
 * rest is refused always, with or without that setting.
 *
 * The check runs when the endpoint is added and again at every delivery,
 * after DNS resolution, and the delivery connects to the very address that
 * was checked (a custom lookup), so a name that resolves elsewhere the
 * second time (DNS rebinding) gains nothing.
 */
export type AddressKind =
  | "public"
  | "private"
  | "loopback"
  | "metadata"
  | "link-local"
  | "unspecified"
  | "multicast"
  | "reserved";

const KINDS: [Exclude<AddressKind, "public">, [string, number, "ipv4" | "ipv6"][]][] = [
  // Cloud metadata services: AWS/GCP/Azure/OpenStack (169.254.169.254), AWS over IPv6, Alibaba (in 100.64/10).
  ["metadata", [["169.254.169.254", 32, "ipv4"], ["fd00:ec2::254", 128, "ipv6"], ["100.100.100.200", 32, "ipv4"]]],
  ["unspecified", [["0.0.0.0", 8, "ipv4"], ["::", 128, "ipv6"]]],
  ["loopback", [["127.0.0.0", 8, "ipv4"], ["::1", 128, "ipv6"]]],
  ["link-local", [["169.254.0.0", 16, "ipv4"], ["fe80::", 10, "ipv6"]]],
  ["multicast", [["224.0.0.0", 4, "ipv4"], ["ff00::", 8, "ipv6"]]],
  [
    "private",
    [
      ["10.0.0.0", 8, "ipv4"],
      ["172.16.0.0", 12, "ipv4"],
      ["192.168.0.0", 16, "ipv4"],
      ["100.64.0.0", 10, "ipv4"],
      ["fc00::", 7, "ipv6"],
    ],
  ],
  [
    "reserved",
    [
      ["240.0.0.0", 4, "ipv4"], // includes 255.255.255.255
      ["192.0.0.0", 24, "ipv4"],
      ["192.0.2.0", 24, "ipv4"],
      ["198.18.0.0", 15, "ipv4"],
      ["198.51.100.0", 24, "ipv4"],
      ["203.0.113.0", 24, "ipv4"],
      ["::", 96, "ipv6"], // IPv4-compatible (deprecated)
      ["100::", 64, "ipv6"],
      ["2001::", 32, "ipv6"], // Teredo: hides an IPv4 address
      ["2001:db8::", 32, "ipv6"],
      ["fec0::", 10, "ipv6"],
    ],
  ],
];

const LISTS = KINDS.map(([kind, ranges]) => {
  const list = new net.BlockList();
  for (const [address, prefix, type] of ranges) list.addSubnet(address, prefix, type);
  return [kind, list] as const;
});

/**
 * What kind of address this is. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d)
 * are judged as their IPv4 address (BlockList does that), and so are NAT64
 * (64:ff9b::/96) and 6to4 (2002::/16) addresses, which carry one.
 */
export function classifyAddress(address: string): AddressKind {
  const type = net.isIPv4(address) ? "ipv4" : net.isIPv6(address) ? "ipv6" : null;
  if (!type) return "reserved";
  if (type === "ipv6") {
    const embedded = embeddedIPv4(address);
    if (embedded) return classifyAddress(embedded);
  }
  for (const [kind, list] of LISTS) if (list.check(address, type)) return kind;
  return "public";
}

/** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, if any. */
function embeddedIPv4(address: string): string | null {
  const words = expandIPv6(address);
  if (!words) return null;
  const v4 = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return null;
}

/** Eight 16-bit words of an IPv6 address (with "::" and a dotted IPv4 tail expanded); null if it is not one. */
export function expandIPv6(address: string): number[] | null {
  if (!net.isIPv6(address)) return null;
  let text = address.split("%")[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const parse = (s: string | undefined) => (s ? s.split(":").map((w) => parseInt(w, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const fill = tail === undefined ? [] : new Array(8 - left.length - right.length).fill(0);
  const words = [...left, ...fill, ...right];
  return words.length === 8 ? words : null;
}

const DESCRIBE: Record<Exclude<AddressKind, "public">, string> = {
  metadata: "a cloud metadata address",
  unspecified: "an unspecified address",
  loopback: "a loopback address (this machine)",
  "link-local": "a link-local address",
  multicast: "a multicast address",
  private: "a private network address",
  reserved: "a reserved address",
};

/** Loopback and private networks may be allowed by the owner; the other kinds never. */
const ALLOWABLE: ReadonlySet<AddressKind> = new Set(["private", "loopback"]);

export type TargetPolicy = {
  /** The owner's setting: loopback and private networks are allowed. */
  allowPrivate: boolean;
  /** This app: the port it listens on (on this machine's addresses) and its public URL's host and port. Never a target. */
  self: SelfOrigin;
  /** DNS resolution; replaceable in tests only to show that a name is judged by what it resolves to. */
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>;
};

export type CheckedTarget = { url: URL; address: string; family: 4 | 6 };

/** Why a URL is refused, as one line that names the field. */
export class TargetRefused extends ValidationError {
  constructor(message: string) {
    super("url", message);
    this.name = "TargetRefused";
  }
}

/** Parses an endpoint URL: http(s) only, no credentials, a host. Says what is wrong. */
export function parseEndpointUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new TargetRefused("must be a full URL such as https://example.com/webhooks");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new TargetRefused("must start with https:// (or http://)");
  if (url.username || url.password) throw new TargetRefused("must not carry a user name or password (the signature authenticates each delivery)");
  if (!url.hostname) throw new TargetRefused("needs a host name");
  url.hash = "";
  return url;
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, "").toLowerCase();
const portOf = (url: URL) => Number(url.port || (url.protocol === "https:" ? 443 : 80));

/**
 * Resolves the URL's host and checks every address it resolves to (one bad
 * address refuses the URL: which one a connection would use is not ours to
 * choose); returns the first, to connect to. Throws TargetRefused.
 */
export async function checkTarget(url: URL, policy: TargetPolicy): Promise<CheckedTarget> {
  const host = bare(url.hostname);
  const port = portOf(url);
  const pub = policy.self.publicOrigin;
  if (pub && pub.host === host && pub.port === port) throw new TargetRefused("points at this app itself");
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) {
    addresses = [{ address: host, family: net.isIP(host) }];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch {
      throw new TargetRefused(`host "${host.slice(0, 100)}" was not found`);
    }
    if (!addresses.length) throw new TargetRefused(`host "${host.slice(0, 100)}" was not found`);
  }
  for (const { address } of addresses) {
    if (port === policy.self.listenPort && isOwnAddress(address)) throw new TargetRefused("points at this app itself");
    const kind = classifyAddress(address);
    if (kind === "public" || (ALLOWABLE.has(kind) && policy.allowPrivate)) continue;
    const allowHint = ALLOWABLE.has(kind) ? " (the owner can allow private addresses on the Webhooks page)" : "";
    const where = net.isIP(host) ? "is" : `resolves to`;
    throw new TargetRefused(`${where} ${DESCRIBE[kind]}${net.isIP(host) ? "" : ` (${address})`}, which is not allowed${allowHint}`);
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

async function systemResolve(hostname: string) {
  return dns.promises.lookup(hostname, { all: true, verbatim: true });
}

/** This machine's own addresses (loopback, unspecified, every interface): with the app's port, that is the app. */
function isOwnAddress(address: string): boolean {
  const kind = classifyAddress(address);
  if (kind === "loopback" || kind === "unspecified") return true;
  const mapped = address.toLowerCase().replace(/^::ffff:/, "");
  return Object.values(os.networkInterfaces())
    .flat()
    .some((i) => i && (i.address.toLowerCase() === address.toLowerCase() || i.address === mapped));
}

export type SelfOrigin = { listenPort: number; publicOrigin?: { host: string; port: number } };

/** The app's own origins, from its settings: the port it listens on, and its public URL's host and port. */
export function selfOrigin(settings: { port: number; publicUrl?: string }): SelfOrigin {
  if (!settings.publicUrl) return { listenPort: settings.port };
  const u = new URL(settings.publicUrl);
  return { listenPort: settings.port, publicOrigin: { host: bare(u.hostname), port: portOf(u) } };
}
