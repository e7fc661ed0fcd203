import { describe, expect, it } from "vitest";
import { escapeControl, installSafeLogging, MAX_LINE, safeLine } from "./safe-log";

function capture() {
  const lines: string[] = [];
  const sink = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  const fake = { error: sink, warn: sink, log: sink, info: sink, debug: sink, trace: sink } as unknown as Console;
  installSafeLogging(fake);
  return { console: fake, lines };
}

describe("installSafeLogging", () => {
  it("writes one capped line for a multi-megabyte argument full of newlines", () => {
    const { console: c, lines } = capture();
    const body = "0:[\"$K1\"]\n".repeat(400_000);
    c.error("Error: failed to decode", body, { input: body });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThanOrEqual(MAX_LINE);
    expect(lines[0]).not.toMatch(/[\n\r]/);
    expect(lines[0]).toContain("\\n");
  });

  it("reduces errors to name and a short message: no stack, no long quoted input", () => {
    const { console: c, lines } = capture();
    const err = Object.assign(new SyntaxError(`Unexpected token in ${"x".repeat(10_000)}`), { digest: "12345" });
    c.warn(err);
    expect(lines[0]).toMatch(/^SyntaxError: Unexpected token in x+… \(digest 12345\)$/);
    expect(lines[0]).not.toContain("at ");
    expect(lines[0]!.length).toBeLessThanOrEqual(MAX_LINE);
  });

  it("escapes control, format and separator characters that could forge lines or hide text", () => {
    expect(escapeControl("a\nb\r\tc\u001b[31m\u202e\u2028\u200b")).toBe("a\\nb\\r\\tc\\u001b[31m\\u202e\\u2028\\u200b");
    expect(safeLine(["user", "x\n[secrets] Ready on http://evil"])).toBe("user x\\n[secrets] Ready on http://evil");
  });

  it("keeps ordinary lines as they are and installs once", () => {
    const { console: c, lines } = capture();
    installSafeLogging(c);
    c.log("[secrets] Ready on http://localhost:3000", 42);
    expect(lines).toEqual(["[secrets] Ready on http://localhost:3000 42"]);
  });
});
