import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, matchStep, otpauthUri, stepAt, totpCode } from "./totp";

// RFC 6238 appendix B, SHA-1 (8-digit codes there; the last 6 digits are the 6-digit code).
const RFC_SECRET = Buffer.from("12345678901234567890");
const VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP", () => {
  it.each(VECTORS)("matches RFC 6238 at T=%i", (t, eight) => {
    expect(totpCode(RFC_SECRET, stepAt(t * 1000))).toBe(eight.slice(-6));
  });

  it("accepts the current step and one either side, nothing further, and only six digits", () => {
    const now = 1_700_000_000_000;
    const step = stepAt(now);
    expect(matchStep(RFC_SECRET, totpCode(RFC_SECRET, step), now)).toBe(step);
    expect(matchStep(RFC_SECRET, totpCode(RFC_SECRET, step - 1), now)).toBe(step - 1);
    expect(matchStep(RFC_SECRET, totpCode(RFC_SECRET, step + 1), now)).toBe(step + 1);
    expect(matchStep(RFC_SECRET, totpCode(RFC_SECRET, step - 2), now)).toBeNull();
    expect(matchStep(RFC_SECRET, "12345", now)).toBeNull();
    expect(matchStep(RFC_SECRET, "12345a", now)).toBeNull();
  });

  it("round-trips base32 (RFC 4648 vectors) and builds an otpauth URI", () => {
    expect(base32Encode(Buffer.from("foobar"))).toBe("MZXW6YTBOI");
    expect(base32Decode("MZXW6YTBOI").toString()).toBe("foobar");
    expect(base32Decode("mzxw 6ytb-oi")).toEqual(Buffer.from("foobar"));
    expect(otpauthUri(RFC_SECRET, "ada@example.test")).toBe(
      "otpauth://totp/Secrets%20Manager%3Aada%40example.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Secrets+Manager&algorithm=SHA1&digits=6&period=30",
    );
  });
});
