import { ValidationError } from "../errors";

/** Reads stdin as UTF-8, byte for byte: no newline is added or removed. */
export async function readStdin(field = "value"): Promise<string> {
  if (process.stdin.isTTY) {
    throw new ValidationError(field, "pipe it on standard input, e.g. printf %s \"$VALUE\" | secrets …");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes)) throw new ValidationError(field, "is not valid UTF-8 text");
  return text;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}
