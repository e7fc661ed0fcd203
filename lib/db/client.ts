import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { PrismaClient } from "./generated/client";

/**
 * The one Prisma client of this process. Its URL comes from DATABASE_URL,
 * which lib/runtime/bootstrap.ts sets to the embedded database's address
 * when the user configured none.
 */
let client: PrismaClient | undefined;

export function db(): PrismaClient {
  if (!client) {
    const { databaseUrl: connectionString, dbPoolMax } = config();
    if (!connectionString) {
      throw new Error("DATABASE_URL is not set: start the app through bin/secrets or npm start");
    }
    const adapter = new PrismaPg({
      connectionString,
      max: dbPoolMax,
      connectionTimeoutMillis: 5000,
    });
    client = new PrismaClient({ adapter });
  }
  return client;
}

export async function disconnectDb() {
  const c = client;
  client = undefined;
  await c?.$disconnect();
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
