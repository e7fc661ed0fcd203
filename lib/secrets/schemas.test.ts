import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { createSecretInput, parse, secretDescription, secretName, secretValue, updateSecretInput } from "./schemas";

const ok = (schema: Parameters<typeof parse>[0], v: unknown) => schema.safeParse(v).success;

function fieldError(input: unknown): ValidationError {
  try {
    parse(createSecretInput, input);
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error("expected a validation error");
}

describe("secret names", () => {
  it("accept 1 to 50 characters of letters, digits and _ + = - @ # $", () => {
    expect(ok(secretName, "a")).toBe(true);
    expect(ok(secretName, "A".repeat(50))).toBe(true);
    expect(ok(secretName, "Az09_+=-@#$")).toBe(true);
    for (const c of "_+=-@#$") expect(ok(secretName, `KEY${c}X`)).toBe(true);
  });

  it.each([
    ["empty", "", "is required"],
    ["51 characters", "A".repeat(51), "at most 50 characters (got 51)"],
    ["a space", "MY KEY", "found a space"],
    ["NUL", "KEY\u0000", "U+0000"],
    ["a tab", "KEY\t1", "U+0009"],
    ["a zero-width space", "KEY\u200b", "U+200B"],
    ["an RTL override", "KEY\u202e", "U+202E"],
    ["a path", "../etc", '"." (U+002E)'],
    ["a slash", "a/b", '"/" (U+002F)'],
    ["a non-ASCII look-alike", "КEY", "U+041A"],
    ["a dot", "a.b", "U+002E"],
  ])("refuse %s with a message naming the problem", (_label, name, message) => {
    const err = fieldError({ name, value: "v" });
    expect(err.field).toBe("name");
    expect(err.status).toBe(400);
    expect(err.message).toContain(message);
  });
});

describe("secret values", () => {
  it("accept 1 byte up to exactly 64 KiB of UTF-8", () => {
    expect(ok(secretValue, "x")).toBe(true);
    expect(ok(secretValue, "x".repeat(65536))).toBe(true);
    expect(ok(secretValue, "é".repeat(32768))).toBe(true); // 2 bytes each
  });

  it.each([
    ["empty", "", "is required"],
    ["64 KiB + 1 byte", "x".repeat(65537), "at most 65536 bytes"],
    ["64 KiB + 1 byte of multibyte text", "é".repeat(32768) + "x", "at most 65536 bytes"],
    ["10 MB", "x".repeat(10 * 1024 * 1024), "at most 65536 bytes"],
    ["a lone surrogate", "abc\ud800", "not valid Unicode"],
  ])("refuse %s", (_label, value, message) => {
    const err = fieldError({ name: "K", value });
    expect(err.field).toBe("value");
    expect(err.message).toContain(message);
    expect(err.message.length).toBeLessThan(200);
  });

  it("never echo the value in an error", () => {
    const err = fieldError({ name: "K", value: "s3cr3t-".repeat(10_000) });
    expect(err.message).not.toContain("s3cr3t");
  });
});

describe("descriptions", () => {
  it("accept up to 200 characters and refuse 201", () => {
    expect(ok(secretDescription, "d".repeat(200))).toBe(true);
    const err = fieldError({ name: "K", value: "v", description: "d".repeat(201) });
    expect(err.field).toBe("description");
    expect(err.message).toContain("at most 200 characters (got 201)");
  });

  it("refuse NUL and invisible control characters", () => {
    expect(fieldError({ name: "K", value: "v", description: "a\u0000b" }).message).toContain("U+0000");
    expect(fieldError({ name: "K", value: "v", description: "a\u202eb" }).message).toContain("U+202E");
  });
});

describe("shapes", () => {
  it("refuse unknown fields and wrong types, naming the field", () => {
    expect(fieldError({ name: "K", value: "v", colour: "red" }).field).toBe("colour");
    expect(fieldError({ name: 5, value: "v" }).field).toBe("name");
    expect(fieldError({ name: "K" }).field).toBe("value");
  });

  it("let an update change any subset of fields", () => {
    expect(parse(updateSecretInput, {})).toEqual({});
    expect(parse(updateSecretInput, { description: "" })).toEqual({ description: "" });
  });
});
