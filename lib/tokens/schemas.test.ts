import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { generateToken, hashToken, lookupIdOf, TOKEN_PATTERN, tokenPrefix } from "./format";
import { globMatch, matchesAny } from "./patterns";
import { createTokenInput, ExpiresInError, MAX_EXPIRY_DAYS, parse, parseExpiresIn } from "./schemas";

function fieldError(input: unknown): ValidationError {
  try {
    parse(createTokenInput, input);
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error("expected a validation error");
}

describe("--expires-in", () => {
  it.each([
    ["90d", 90],
    ["12h", 0.5],
    ["1h", 1 / 24],
    ["2w", 14],
    ["1y", 365],
    ["5y", 5 * 365],
    [" 30D ", 30],
    ["1825d", 1825],
  ])("%s is %d days", (text, days) => {
    expect(parseExpiresIn(text)).toBeCloseTo(days, 10);
  });

  it.each([
    ["", "is not a duration"],
    ["90", "is not a duration"],
    ["d", "is not a duration"],
    ["1.5d", "is not a duration"],
    ["-3d", "is not a duration"],
    ["3 days", "is not a duration"],
    ["1m", "is not a duration"],
    ["0h", "at least 1 hour"],
    ["6y", "at most 5 years"],
    ["1826d", "at most 5 years"],
    ["9999999d", "is not a duration"],
  ])("refuses %j (%s)", (text, message) => {
    expect(() => parseExpiresIn(text)).toThrow(ExpiresInError);
    expect(() => parseExpiresIn(text)).toThrow(message);
  });
});

describe("name patterns", () => {
  it.each([
    ["STRIPE_*", "STRIPE_KEY", true],
    ["STRIPE_*", "stripe_key", true],
    ["stripe_*", "STRIPE_", true],
    ["STRIPE_*", "PAYPAL_KEY", false],
    ["STRIPE_*", "MY_STRIPE_KEY", false],
    ["*_KEY", "STRIPE_KEY", true],
    ["*_KEY", "STRIPE_KEYS", false],
    ["A*B*C", "AxxBxxC", true],
    ["A*B*C", "AxxCxxB", false],
    ["EXACT", "exact", true],
    ["EXACT", "EXACT2", false],
    ["*", "ANYTHING", true],
    ["**", "", true],
    ["$+=-@#", "$+=-@#", true],
    ["A$", "AB", false],
    ["A+", "AA", false],
  ])("%s against %s: %s", (pattern, name, expected) => {
    expect(globMatch(pattern, name)).toBe(expected);
  });

  it("no patterns means every secret; several mean any of them", () => {
    expect(matchesAny([], "WHATEVER")).toBe(true);
    expect(matchesAny(["STRIPE_*", "PAYPAL_*"], "PAYPAL_ID")).toBe(true);
    expect(matchesAny(["STRIPE_*", "PAYPAL_*"], "GITHUB_TOKEN")).toBe(false);
  });

  it("stays linear on a pattern that would make a backtracking RegExp explode", () => {
    const pattern = "*A".repeat(24) + "B";
    const name = "A".repeat(50);
    const started = performance.now();
    expect(globMatch(pattern, name)).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe("createToken's input", () => {
  it("takes a name of letters, digits, _ + = - @ # $ and '.', scopes, an expiry and patterns", () => {
    expect(parse(createTokenInput, { name: "backend.prod-1", scopes: ["secrets:write", "secrets:read", "secrets:read"], expiresInDays: 90, namePatterns: ["STRIPE_*", "stripe_*", "PAYPAL_*"] })).toEqual({
      name: "backend.prod-1",
      scopes: ["secrets:read", "secrets:write"],
      expiresInDays: 90,
      namePatterns: ["STRIPE_*", "PAYPAL_*"],
    });
  });

  it.each([
    [{ scopes: ["secrets:read"] }, "name", "must be a string"],
    [{ name: "", scopes: ["secrets:read"] }, "name", "is required"],
    [{ name: "x".repeat(51), scopes: ["secrets:read"] }, "name", "at most 50 characters (got 51)"],
    [{ name: "my token", scopes: ["secrets:read"] }, "name", "found a space"],
    [{ name: "a/b", scopes: ["secrets:read"] }, "name", '"/" (U+002F)'],
    [{ name: "t*", scopes: ["secrets:read"] }, "name", '"*" (U+002A)'],
    [{ name: "t" }, "scopes", "must be a list of scopes"],
    [{ name: "t", scopes: [] }, "scopes", "at least one scope"],
    [{ name: "t", scopes: ["secrets:admin"] }, "scopes.0", "must be secrets:read or secrets:write"],
    [{ name: "t", scopes: ["secrets:read"], expiresInDays: 0 }, "expiresInDays", "at least 1 hour"],
    [{ name: "t", scopes: ["secrets:read"], expiresInDays: MAX_EXPIRY_DAYS + 1 }, "expiresInDays", "at most 5 years"],
    [{ name: "t", scopes: ["secrets:read"], expiresInDays: "90" }, "expiresInDays", "must be a number of days"],
    [{ name: "t", scopes: ["secrets:read"], expiresInDays: Number.NaN }, "expiresInDays", "must be a number of days"],
    [{ name: "t", scopes: ["secrets:read"], namePatterns: ["STRIPE KEY"] }, "namePatterns.0", "found a space"],
    [{ name: "t", scopes: ["secrets:read"], namePatterns: [""] }, "namePatterns.0", "is required"],
    [{ name: "t", scopes: ["secrets:read"], namePatterns: Array.from({ length: 21 }, (_, i) => `P${i}`) }, "namePatterns", "at most 20"],
    [{ name: "t", scopes: ["secrets:read"], admin: true }, "admin", "is not a field of a token"],
  ])("%j is refused on %s", (input, field, message) => {
    const err = fieldError(input);
    expect(err.field).toBe(field);
    expect(err.status).toBe(400);
    expect(err.message).toContain(message);
  });
});

describe("the token format", () => {
  it("is smk_<16 hex>_<43 base64url>, different every time, hashed with SHA-256", () => {
    const a = generateToken();
    const b = generateToken();
    expect(a.token).toMatch(TOKEN_PATTERN);
    expect(a.token).not.toBe(b.token);
    expect(a.lookupId).not.toBe(b.lookupId);
    expect(lookupIdOf(a.token)).toBe(a.lookupId);
    expect(a.hash.equals(hashToken(a.token))).toBe(true);
    expect(a.hash).toHaveLength(32);
    expect(tokenPrefix(a.lookupId)).toBe(`smk_${a.lookupId}_…`);
    expect(a.token.startsWith(tokenPrefix(a.lookupId).slice(0, -1))).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["smk_", "prefix only"],
    ["smk_0123456789abcdef", "no secret"],
    ["smk_0123456789ABCDEF_" + "a".repeat(43), "upper-case hex"],
    ["smk_0123456789abcde_" + "a".repeat(43), "short lookup id"],
    ["smk_0123456789abcdef_" + "a".repeat(42), "short secret"],
    ["smk_0123456789abcdef_" + "a".repeat(44), "long secret"],
    ["smk_0123456789abcdef_" + "a".repeat(42) + "=", "padding"],
    ["xyz_0123456789abcdef_" + "a".repeat(43), "another prefix"],
    [" smk_0123456789abcdef_" + "a".repeat(43), "leading space"],
    ["smk_0123456789abcdef_" + "a".repeat(42) + "\n", "newline"],
    ["smk_0123456789abcdef_" + "a".repeat(10_000), "huge"],
  ])("refuses %j (%s) without a look-up id", (text) => {
    expect(lookupIdOf(text)).toBeUndefined();
  });
});
