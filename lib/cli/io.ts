import { UsageError } from "./args";

/**
 * The CLI's terminal I/O, shared by local and remote mode (so both print the
 * same thing). Data goes to stdout; confirmations, notes and warnings to
 * stderr, so `X=$(secrets …)` captures only the data. No value is ever
 * taken from argv: it comes from stdin or a hidden prompt.
 */
export type Io = {
  /** Data for stdout (a newline is added when missing). */
  out(text: string): void;
  /** Bytes for stdout exactly as given (a secret's value). */
  raw(text: string): void;
  /** A confirmation line on stderr, unless --quiet. */
  done(line: string): void;
  /** A note or warning on stderr (printed even with --quiet: it is about the data, not the success). */
  note(line: string): void;
};

export function createIo(quiet: boolean): Io {
  return {
    out: (text) => void process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    raw: (text) => void process.stdout.write(text),
    done: (line) => void (quiet || process.stderr.write(`${line}\n`)),
    note: (line) => void process.stderr.write(`${line}\n`),
  };
}

/** A refusal the CLI decides itself (bad file line, local-only command in remote mode…): exit code 1, message shown as is. */
export class CliError extends Error {
  override name = "CliError";
}

export const NEWLINE_NOTE = "note: removed the trailing newline from the value; use --keep-newline to keep it";

/**
 * A secret's value: standard input when it is piped (one trailing newline
 * removed unless `keepNewline`, with a note saying so: `echo v |` adds one
 * that nobody means to store), or a hidden prompt on a terminal.
 */
export async function readValue(io: Io, opts: { what: string; keepNewline?: boolean }): Promise<string> {
  if (process.stdin.isTTY) return promptHidden(`${opts.what} (input hidden): `);
  const text = await readStdinText("value");
  if (opts.keepNewline) return text;
  const trimmed = text.replace(/\r?\n$/, "");
  // A lone newline is an empty value (refused as such), not worth a note.
  if (trimmed !== text && trimmed !== "") io.note(NEWLINE_NOTE);
  return trimmed;
}

/** Standard input as UTF-8 text, byte for byte (refused when it is not valid UTF-8). */
export async function readStdinText(field: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return decodeUtf8(Buffer.concat(chunks), field);
}

export function decodeUtf8(bytes: Buffer, field: string): string {
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes)) throw new CliError(`${field}: is not valid UTF-8 text`);
  return text;
}

/**
 * Asks on the terminal without echoing what is typed (a value, a token):
 * Enter ends the input, Backspace erases, Ctrl-C stops the command (130).
 */
export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  let text = "";
  return new Promise((resolve, reject) => {
    const finish = (fn: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      fn();
    };
    const onData = (chunk: string) => {
      for (const c of chunk) {
        if (c === "\r" || c === "\n" || (c === "\u0004" && text === "")) return finish(() => resolve(text));
        if (c === "\u0003") return finish(() => reject(new Interrupted()));
        if (c === "\u007f" || c === "\b") text = [...text].slice(0, -1).join("");
        else if (c >= " " || c === "\t") text += c;
      }
    };
    stdin.on("data", onData);
  });
}

/** Ctrl-C at a prompt: the command stops with 130, as a shell reports SIGINT. */
export class Interrupted extends Error {
  override name = "Interrupted";
}

/** Columns padded to their widest cell; trailing blanks trimmed. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

export const iso = (d: Date) => d.toISOString();

/** "a,b, c" as its items (empty ones dropped). */
export const items = (text: string | undefined) => (text ?? "").split(",").map((t) => t.trim()).filter(Boolean);

/** A whole number option (`--restore 3`), or a usage error naming the flag. */
export function wholeNumber(text: string, flag: string, what = "a whole number"): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} needs ${what} (got "${text}")`);
  return Number(text);
}
