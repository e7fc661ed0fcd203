import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/secrets")).toBe("/secrets");
    expect(safeNext("/secrets?page=2")).toBe("/secrets?page=2");
  });

  it.each(["//evil.example", "/\t/evil.example", "/\n/evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "", "secrets", "/ /x"])(
    "sends %j home",
    (next) => expect(safeNext(next)).toBe("/"),
  );
});
