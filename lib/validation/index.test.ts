import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secretDescription, secretName } from "../secrets/schemas";
import { displayName } from "../users/schemas";
import { describeChar, findInvisible } from "./index";

/**
 * Names, descriptions and user names refuse every control, format,
 * invisible and private-use character, by Unicode category: the property
 * tests draw code points from each whole category (not from a list), put one
 * anywhere in otherwise ordinary text, and expect a refusal that names it.
 */
function codePoints(pattern: RegExp): number[] {
  const out: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) if (pattern.test(String.fromCodePoint(cp))) out.push(cp);
  return out;
}

const refused = {
  "control (Cc)": codePoints(/^\p{Cc}$/u),
  "format (Cf)": codePoints(/^\p{Cf}$/u),
  "private use (Co)": codePoints(/^\p{Co}$/u),
  "surrogate (Cs)": codePoints(/^\p{Cs}$/u),
  "unassigned (Cn)": codePoints(/^\p{Cn}$/u),
  "line and paragraph separators (Zl, Zp)": codePoints(/^[\p{Zl}\p{Zp}]$/u),
  "spaces other than U+0020 (Zs)": codePoints(/^\p{Zs}$/u).filter((cp) => cp !== 0x20),
  "default ignorable": codePoints(/^\p{Default_Ignorable_Code_Point}$/u),
};

/** Letters, marks, digits, punctuation and symbols (emoji among them) that are not default-ignorable. */
const visible = codePoints(/^(?!\p{Default_Ignorable_Code_Point})[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u);

const pick = (pool: number[]) => fc.integer({ min: 0, max: pool.length - 1 }).map((i) => String.fromCodePoint(pool[i]!));
const visibleText = (maxLength: number) => fc.array(pick(visible), { minLength: 1, maxLength }).map((cs) => cs.join(""));
const RUNS = { numRuns: 500 };

describe("the categories are the ones meant", () => {
  it("each holds the characters people worry about", () => {
    const has = (pool: number[], ...cps: number[]) => cps.forEach((cp) => expect(pool).toContain(cp));
    has(refused["control (Cc)"], 0x00, 0x09, 0x0a, 0x1b, 0x7f, 0x85);
    has(refused["format (Cf)"], 0x200b, 0x200d, 0x200e, 0x202e, 0x2066, 0xfeff, 0x00ad, 0xe0001);
    has(refused["private use (Co)"], 0xe000, 0xf8ff, 0xf0000, 0x10fffd);
    has(refused["surrogate (Cs)"], 0xd800, 0xdfff);
    has(refused["unassigned (Cn)"], 0x0378, 0xfffe, 0x10ffff);
    has(refused["spaces other than U+0020 (Zs)"], 0xa0, 0x2003, 0x3000);
    has(refused["default ignorable"], 0x3164, 0x115f, 0x034f, 0xfe0f);
    expect(visible).not.toContain(0x3164);
    expect(visible).toContain(0x1f600);
  });
});

describe.each(Object.entries(refused))("every %s code point", (_category, pool) => {
  const char = pick(pool);

  it("is found by findInvisible and described without being printed", () => {
    fc.assert(
      fc.property(char, (c) => {
        expect(findInvisible(c)).toBe(c);
        expect(describeChar(c)).toMatch(/^the invisible character U\+[0-9A-F]{4,6}$/);
      }),
      RUNS,
    );
  });

  it("is refused anywhere in a description, a user name and a secret name", () => {
    fc.assert(
      fc.property(visibleText(40), char, visibleText(40), (before, c, after) => {
        const description = secretDescription.safeParse(before + c + after);
        expect(description.success).toBe(false);
        expect(description.error?.issues[0]?.message).toMatch(/may not contain the invisible character U\+/);
        // Between visible characters, so trimming cannot remove it.
        expect(displayName.safeParse(before + c + after).success).toBe(false);
        expect(secretName.safeParse(`A${c}B`).success).toBe(false);
      }),
      RUNS,
    );
  });
});

describe("ordinary text passes", () => {
  it("letters of any script, digits, punctuation, symbols and single-code-point emoji, with plain spaces", () => {
    const piece = fc.oneof(
      { weight: 6, arbitrary: pick(visible) },
      { weight: 1, arbitrary: fc.constant(" ") },
      { weight: 1, arbitrary: fc.constantFrom("😀", "🔑", "🚀", "🇫🇷", "👍🏽", "é", "日本", "Ωμέγα", "שלום", "مرحبا") },
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 60 }).map((cs) => cs.join("").slice(0, 200)), (text) => {
        fc.pre(text.isWellFormed());
        expect(findInvisible(text)).toBeUndefined();
        expect(secretDescription.safeParse(text).success).toBe(true);
        if (text.trim().length <= 100) expect(displayName.safeParse(text).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("emoji sequences", () => {
  it("allow the presentation selector and the zero-width joiner inside an emoji, nowhere else", () => {
    for (const ok of ["I ❤️ it", "family 👨‍👩‍👧 trip", "👍🏽 approved", "🏳️‍🌈"]) expect(findInvisible(ok), ok).toBeUndefined();
    for (const bad of ["a\u200Db", "\uFE0Fstart", "x\u200D", "❤\u200D"]) expect(findInvisible(bad), JSON.stringify(bad)).toBeDefined();
  });
});
