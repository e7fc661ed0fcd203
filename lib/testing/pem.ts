import crypto from "node:crypto";

/** A throwaway RSA private key in PKCS#8 PEM, made at test time (no key material is committed). */
export function testPrivateKeyPem(): string {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}
