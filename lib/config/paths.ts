import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project folder, found from this module's location. Works from the
 * sources (tsx, Vitest) and from the CLI bundle in node_modules/.cache.
 */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, "prisma", "schema.prisma"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find the project folder (prisma/schema.prisma)");
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot();
