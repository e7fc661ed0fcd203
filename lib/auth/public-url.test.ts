import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { bootstrap } from "../runtime/bootstrap";

/**
 * Behind a proxy the app sees its internal address; SECRETS_PUBLIC_URL makes
 * Auth.js build its redirects (sign-in, SSO callbacks) on the public one.
 */
describe("SECRETS_PUBLIC_URL", () => {
  it("makes Auth.js redirect to the public host, not the address the request reached", async () => {
    const rt = await bootstrap({ env: { ...process.env, SECRETS_PUBLIC_URL: "https://secrets.example.test/" } });
    try {
      const { handlers } = await import("./next-auth");
      const res = await handlers.GET(new NextRequest("http://10.1.2.3:3000/api/auth/signin"));
      const location = new URL(res.headers.get("location") ?? "", "http://10.1.2.3:3000");
      expect(location.pathname).toBe("/sign-in");
      // Where the browser returns after signing in: the public address (without the setting, http://10.1.2.3:3000).
      expect(new URL(location.searchParams.get("callbackUrl")!).origin).toBe("https://secrets.example.test");
    } finally {
      await rt.shutdown();
    }
  });
});
