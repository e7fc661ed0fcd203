import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

const APP = "https://app.example";

describe("safeNext", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/secrets")).toBe("/secrets");
    expect(safeNext("/secrets?page=2")).toBe("/secrets?page=2");
    expect(safeNext("/secrets?page=2#row")).toBe("/secrets?page=2#row");
    expect(safeNext("/a/../secrets")).toBe("/secrets");
  });

  it.each([
    "//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "",
    "secrets",
    "/ /x",
    // Safe-looking strings that the URL parser turns into "//evil.example":
    "/a/..//evil.example",
    "/.//evil.example",
    "/%2e%2e//evil.example",
    "/x/%2E%2E//evil.example",
    "/%2e//evil.example",
    "/a/.%2e//evil.example",
  ])("sends %j home", (next) => expect(safeNext(next)).toBe("/"));

  it("whatever it is given, the browser stays on this site (property)", () => {
    const piece = fc.constantFrom("/", "//", ".", "..", "%2e", "%2E", "%2e%2e", ".%2e", "%2f", "%2F", "\\", "%5c", "\t", "\n", "\r", " ", "?", "#", "@", ":", "evil.example", "a", "ü", "／", "\u202e", "\u0000", "%00", "%09", "http:", "https://");
    const path = fc.array(fc.oneof({ weight: 8, arbitrary: piece }, { weight: 1, arbitrary: fc.string() }, { weight: 1, arbitrary: fc.string({ unit: "grapheme" }) }), { maxLength: 10 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(path, path.map((p) => "/" + p)), (next) => {
        const result = safeNext(next);
        expect(result.startsWith("/")).toBe(true);
        expect(result.startsWith("//")).toBe(false);
        expect(result).not.toMatch(/[\\\s]/);
        // Resolved as a browser resolves a Location header, and once more (a redirect of a redirect).
        const once = new URL(result, APP);
        expect(once.origin).toBe(APP);
        expect(new URL(once.pathname + once.search + once.hash, APP).origin).toBe(APP);
      }),
      { numRuns: 5000 },
    );
  });
});
