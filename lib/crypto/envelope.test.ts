import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { DecryptionError, randomKey } from "./aead";
import { decryptValue, encryptValue, unwrapDek, type Binding, type EncryptedValue } from "./envelope";

const kek = randomKey();
const bind = (secretId = crypto.randomUUID(), versionId = crypto.randomUUID()): Binding => ({ secretId, versionId });

function expectGenericFailure(fn: () => unknown) {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(DecryptionError);
  expect((caught as Error).message).toBe("decryption failed");
}

describe("envelope encryption", () => {
  it.each([
    ["1 byte", "x"],
    ["unicode", "pässwörd 🔑 秘密 \u0000 \r\n"],
    // A real key, generated now: no key material is ever committed.
    ["a PEM key", crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }) as string],
    ["64 KiB", "a".repeat(65536)],
    ["64 KiB of 4-byte characters", "🔑".repeat(16384)],
  ])("round-trips %s byte for byte", (_label, value) => {
    const b = bind();
    const enc = encryptValue(value, b, kek);
    expect(Buffer.from(decryptValue(enc, b, kek), "utf8").equals(Buffer.from(value, "utf8"))).toBe(true);
  });

  it("uses a 96-bit IV, a 128-bit tag and a 256-bit DEK, and never stores the value in the clear", () => {
    const b = bind();
    const value = "correct horse battery staple";
    const enc = encryptValue(value, b, kek);
    expect(enc.iv.length).toBe(12);
    expect(enc.authTag.length).toBe(16);
    expect(unwrapDek(enc.wrappedDek, b, kek).length).toBe(32);
    expect(enc.ciphertext.includes(Buffer.from(value))).toBe(false);
  });

  it("gives a distinct IV, DEK and ciphertext to each of 10,000 encryptions of one value", () => {
    const b = bind();
    const ivs = new Set<string>();
    const deks = new Set<string>();
    const wrapped = new Set<string>();
    const cts = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const enc = encryptValue("same value every time", b, kek);
      ivs.add(enc.iv.toString("hex"));
      cts.add(enc.ciphertext.toString("hex"));
      wrapped.add(enc.wrappedDek.toString("hex"));
      deks.add(unwrapDek(enc.wrappedDek, b, kek).toString("hex"));
    }
    expect([ivs.size, deks.size, wrapped.size, cts.size]).toEqual([10_000, 10_000, 10_000, 10_000]);
  });

  describe("tampering fails with one generic error", () => {
    const b = bind();
    const enc = encryptValue("the original value", b, kek);
    const fields = ["iv", "ciphertext", "authTag", "wrappedDek"] as const;

    for (const field of fields) {
      it(`flipping any byte of ${field}`, () => {
        for (let i = 0; i < enc[field].length; i++) {
          const copy: EncryptedValue = { ...enc, [field]: Buffer.from(enc[field]) };
          copy[field][i]! ^= 0x01;
          expectGenericFailure(() => decryptValue(copy, b, kek));
        }
      });
    }

    it("truncating the tag", () => {
      for (const len of [0, 4, 8, 12, 15]) {
        expectGenericFailure(() => decryptValue({ ...enc, authTag: enc.authTag.subarray(0, len) }, b, kek));
      }
    });

    it("truncating the ciphertext or the wrapped DEK", () => {
      expectGenericFailure(() => decryptValue({ ...enc, ciphertext: enc.ciphertext.subarray(1) }, b, kek));
      expectGenericFailure(() => decryptValue({ ...enc, wrappedDek: enc.wrappedDek.subarray(0, 59) }, b, kek));
    });

    it("the wrong KEK", () => {
      expectGenericFailure(() => decryptValue(enc, b, randomKey()));
    });
  });

  describe("ciphertexts are bound to their secret and version", () => {
    const secretA = crypto.randomUUID();
    const secretB = crypto.randomUUID();
    const a1 = bind(secretA);
    const a2 = bind(secretA);
    const b1 = bind(secretB);
    const encA1 = encryptValue("value of A v1", a1, kek);
    const encA2 = encryptValue("value of A v2", a2, kek);
    const encB1 = encryptValue("value of B v1", b1, kek);

    it("the whole envelope moved to another secret or version", () => {
      expectGenericFailure(() => decryptValue(encA1, b1, kek));
      expectGenericFailure(() => decryptValue(encA1, a2, kek));
    });

    it("ciphertexts swapped between secrets or versions", () => {
      expectGenericFailure(() => decryptValue({ ...encB1, iv: encA1.iv, ciphertext: encA1.ciphertext, authTag: encA1.authTag }, b1, kek));
      expectGenericFailure(() => decryptValue({ ...encA2, iv: encA1.iv, ciphertext: encA1.ciphertext, authTag: encA1.authTag }, a2, kek));
    });

    it("wrapped DEKs swapped between secrets or versions", () => {
      expectGenericFailure(() => decryptValue({ ...encB1, wrappedDek: encA1.wrappedDek }, b1, kek));
      expectGenericFailure(() => decryptValue({ ...encA2, wrappedDek: encA1.wrappedDek }, a2, kek));
    });
  });
});
