import type { Server } from "node:http";
import Provider from "oidc-provider";
import { E2E_PORT, OIDC_CLIENT_SECRET, OIDC_PORT } from "./env";

/**
 * A real OpenID Connect provider (the oidc-provider package) on loopback,
 * with its development login screen: any login name is accepted and becomes
 * the email claim; names starting with "unverified" get email_verified=false.
 */
export async function startOidcProvider(): Promise<{ close(): Promise<void> }> {
  const provider = new Provider(`http://127.0.0.1:${OIDC_PORT}`, {
    clients: [
      {
        client_id: "secrets-e2e",
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [`http://localhost:${E2E_PORT}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: id, email_verified: !id.startsWith("unverified") };
        },
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    // Put the email in the ID token, as Google, Entra ID or Okta do; Auth.js reads the profile from it.
    conformIdTokenClaims: false,
    cookies: { keys: ["e2e-only-cookie-key"] },
  });
  const server: Server = provider.listen(OIDC_PORT);
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
