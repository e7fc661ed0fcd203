// Outside Next.js (CLI, custom server, tests) "server-only" has nothing to
// guard against; tsconfig.node.json and vitest.config.ts map it here.
export {};
