import util from "node:util";

/**
 * Log hygiene for the server process. Whatever calls console.* (our code,
 * Next.js, Auth.js, Prisma) gets one bounded line: error objects reduced to
 * their name and a short message (messages can quote request data, and
 * stacks are not for logs), every control character escaped (no forged log
 * lines, no terminal escapes) and the whole line capped. Request data is
 * never logged on purpose; this bounds what slips through by accident.
 */
export const MAX_LINE = 500;
const MAX_ARG = 300;
const METHODS = ["error", "warn", "log", "info", "debug", "trace"] as const;
const INSTALLED = Symbol.for("secrets-manager.safe-log");

/** One argument as short text; never reads more of a string than it keeps. */
function describe(arg: unknown, max = MAX_ARG): string {
  if (typeof arg === "string") return arg.length > max ? `${arg.slice(0, max)}…` : arg;
  if (arg instanceof Error) {
    const digest = (arg as { digest?: unknown }).digest;
    const head = `${describe(arg.name, 60)}: ${describe(arg.message, 200)}`;
    return typeof digest === "string" ? `${head} (digest ${digest.slice(0, 40)})` : head;
  }
  return util.inspect(arg, { depth: 2, maxArrayLength: 10, maxStringLength: 100, breakLength: Infinity, colors: false });
}

/** Newlines, tabs, ESC, bidi overrides and every other invisible control or format character become visible escapes. */
export function escapeControl(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`;
  });
}

/** The single line that is written for one console call. */
export function safeLine(args: unknown[]): string {
  let line = "";
  for (const arg of args) {
    line += (line ? " " : "") + escapeControl(describe(arg));
    if (line.length > MAX_LINE) break;
  }
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 12)}…[truncated]` : line;
}

/** Wraps console.* of this process; calling it again does nothing. Call before Next.js starts. */
export function installSafeLogging(target: Console = console): void {
  const flagged = target as Console & { [INSTALLED]?: boolean };
  if (flagged[INSTALLED]) return;
  flagged[INSTALLED] = true;
  for (const method of METHODS) {
    const write = method === "trace" ? target.error.bind(target) : target[method].bind(target);
    target[method] = (...args: unknown[]) => write(safeLine(args));
  }
}
