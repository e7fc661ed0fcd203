import dotenv from "dotenv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { envLine, formatEnv, parseEnvFile, parseJsonFile } from "./dotenv";
import { testPrivateKeyPem } from "../testing/pem";

/**
 * The .env writer against dotenv 18.0.10 itself: random values made of the
 * characters that break naive quoting (every quote kind, #, =, $,
 * backslashes, CR/LF, unicode line separators, edge spaces) either come
 * back from dotenv.parse byte for byte, or are refused naming the secret —
 * and refused only when dotenv truly has no spelling for them.
 */
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("'", '"', "`", "#", "=", "$", "\\", "\n", "\r", "\r\n", " ", "\t", "\\n", "\\r", "${X}", "export ", "\u2028", "\u00a0", "é", "🔑", "ü", "-----BEGIN KEY-----\n") },
  { weight: 4, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }) },
);
const value = fc.array(piece, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(""));
const entries = fc
  .uniqueArray(fc.record({ name: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/), value }), { minLength: 1, maxLength: 8, selector: (e) => e.name.toLowerCase() });

/** What dotenv cannot read back exactly: documented in envLine. The writer may refuse these and nothing else. */
function unwritable(v: string): boolean {
  const bare = /^[^\s'"`#][^#\r\n]*$/.test(v) && !/\s$/.test(v) && !/[\u2028\u2029]/.test(v);
  if (bare) return false;
  if (v.endsWith("\\")) return true;
  const doubleOk = !v.includes('"') && !/\\[nr]/.test(v);
  if (v.includes("\r")) return !doubleOk;
  return v.includes("'") && v.includes("`") && !doubleOk;
}

describe("export --format env", () => {
  it("writes what dotenv parses back byte for byte, or refuses naming the secret", () => {
    fc.assert(
      fc.property(entries, (list) => {
        let text: string;
        try {
          text = formatEnv(list);
        } catch (err) {
          const message = (err as Error).message;
          const refused = list.find((e) => message.includes(`"${e.name}"`));
          expect(refused, message).toBeDefined();
          expect(unwritable(refused!.value), JSON.stringify(refused!.value)).toBe(true);
          if (refused!.value.length >= 4) expect(message).not.toContain(refused!.value);
          return;
        }
        expect(dotenv.parse(text)).toEqual(Object.fromEntries(list.map((e) => [e.name, e.value])));
        // And our importer reads the same file the same way, line numbers included.
        const back = parseEnvFile(text, "x.env");
        expect(back.map((e) => [e.name, e.value])).toEqual(list.map((e) => [e.name, e.value]));
        let line = 1;
        list.forEach((e, i) => {
          expect(back[i]!.line).toBe(line);
          line += envLine(e.name, e.value)!.split("\n").length;
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("handles the values people actually keep", () => {
    const pem = testPrivateKeyPem();
    const list = [
      { name: "TLS_KEY", value: pem },
      { name: "JSON_CREDS", value: '{"type":"service_account","private_key":"-----BEGIN KEY-----\\nabc\\n-----END KEY-----\\n"}' },
      { name: "QUOTES", value: `it's a "test" with \`ticks\`` },
      { name: "URL", value: "postgres://u:p@h:5432/db?sslmode=require#frag" },
      { name: "SHELLISH", value: "$HOME ${PATH} $(rm -rf /) `id`" },
      { name: "WIN_PATH", value: "C:\\Program Files\\App\\" },
      { name: "CRLF", value: "line1\r\nline2" },
      { name: "UNICODE", value: "ünïcödé 🔑 — 日本" },
      { name: "SPACES", value: "  padded  " },
    ];
    const text = formatEnv(list);
    expect(dotenv.parse(text)).toEqual(Object.fromEntries(list.map((e) => [e.name, e.value])));
    // Single-quoted, its line breaks kept as they are.
    expect(text).toContain(`TLS_KEY='${pem.split("\n").slice(0, 2).join("\n")}`);
  });

  it("refuses a value holding all three quote kinds and a line break, and names dotenv cannot read", () => {
    expect(() => formatEnv([{ name: "OK", value: "x" }, { name: "ALL_QUOTES", value: "a'b\"c`d\ne" }])).toThrow(
      /^cannot export "ALL_QUOTES" to a \.env file: its value holds ' " ` quotes and a line break, which dotenv would not read back exactly/,
    );
    expect(() => formatEnv([{ name: "A+B", value: "x" }, { name: "C@D", value: "y" }])).toThrow(/^cannot export "A\+B", "C@D" to a \.env file: dotenv reads only names/);
  });
});

describe("import: parseEnvFile", () => {
  it("reads comments, blank lines, export prefixes, quotes and CRLF files as dotenv does", () => {
    const text = "# a comment\r\n\r\nexport A=1\r\nB = 'two words' # trailing comment\r\nC=\"x\\ny\"\r\nD=`multi\r\nline`\r\nE: yaml-ish\r\n";
    expect(parseEnvFile(text, "f.env")).toEqual([
      { name: "A", value: "1", line: 3 },
      { name: "B", value: "two words", line: 4 },
      { name: "C", value: "x\ny", line: 5 },
      { name: "D", value: "multi\nline", line: 6 },
      { name: "E", value: "yaml-ish", line: 8 },
    ]);
  });

  it("names every bad line, with its number, and never shows a value", () => {
    const text = ["GOOD=1", "a stray line of s3cret-text", "OPEN='never closed", "# fine", "DOT.NAME=2", "EMPTY=", "GOOD=3", "good=4", "TRAIL=\"x\" s3cret-tail", ""].join("\n");
    let message = "";
    try {
      parseEnvFile(text, "bad.env");
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "bad.env:2: not a NAME=value line (a value with line breaks must be quoted)",
      "bad.env:3: OPEN: the value starts with a ' quote but does not end with one (a quote never closed, or text after it)",
      'bad.env:5: "DOT.NAME" is not a valid secret name: may contain only letters, digits and _ + = - @ # $ (found ".")',
      "bad.env:6: EMPTY: the value is empty (a secret needs at least 1 character)",
      "bad.env:7: GOOD is given twice (also on line 1)",
      "bad.env:8: good is given twice (also on line 1)",
      'bad.env:9: TRAIL: the value starts with a " quote but does not end with one (a quote never closed, or text after it)',
      "nothing was imported",
    ]);
    expect(message).not.toContain("s3cret");
  });

  it("reads a JSON object and names bad entries", () => {
    expect(parseJsonFile('{"A+B":"x","C":"multi\\nline"}', "f.json")).toEqual([
      { name: "A+B", value: "x", line: 1 },
      { name: "C", value: "multi\nline", line: 2 },
    ]);
    expect(() => parseJsonFile('{"A":1,"a":"x","B":""}', "f.json")).toThrow(
      /^f\.json:entry 1: A: the value must be a string\nf\.json:entry 2: a is given twice \(also as A; names differ only in letter case\)\nf\.json:entry 3: B: the value is empty/,
    );
    expect(() => parseJsonFile("[1]", "f.json")).toThrow(/expected an object/);
  });
});
