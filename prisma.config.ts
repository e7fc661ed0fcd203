import { defineConfig } from "prisma/config";

// Used by the Prisma CLI only (generate; migrate on a connected machine).
// The app applies prisma/migrations itself (lib/db/migrate.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/secrets" },
});
