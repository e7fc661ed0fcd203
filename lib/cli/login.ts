import { AuthenticationError, createClient, PermissionError } from "../sdk/index";
import { httpFetch } from "./http";
import { CliError, promptHidden, readStdinText, type Io } from "./io";
import { credentialsFile, removeCredentials, saveCredentials } from "./settings";

/**
 * `secrets login URL`: the token comes from stdin or a hidden prompt (never
 * argv, where `ps` and shell history would keep it), is checked with one
 * request, and is saved with the URL in a file only the user can read.
 */
export async function login(url: string, io: Io): Promise<void> {
  // Surrounding blanks are never part of a token ($(cat file) and echo leave a newline): trimmed without a note.
  const token = (process.stdin.isTTY ? await promptHidden("API token (input hidden): ") : await readStdinText("token")).trim();
  if (!token) throw new CliError("token: is required (pipe it on stdin, or type it at the prompt)");
  const allowInsecureHttp = /^(1|true|yes)$/i.test(process.env.SECRETS_ALLOW_HTTP ?? "");
  // The SDK checks the URL (http only to this machine unless allowed) and the token's shape before sending anything.
  const client = createClient({ url, token, allowInsecureHttp, retries: 1, fetch: httpFetch });
  try {
    await client.listSecretInfo();
  } catch (err) {
    if (err instanceof AuthenticationError) throw new CliError(`the server at ${url} refused the token (${err.message}); nothing was saved`);
    if (err instanceof PermissionError) {
      io.note("note: this token may not list secrets (no secrets:read scope); commands that read will be refused");
    } else {
      throw err;
    }
  }
  const file = credentialsFile();
  saveCredentials({ url, token }, file);
  io.done(`Logged in to ${url}; the token is saved in ${file} (readable only by you)`);
  const envUrl = process.env.SECRETS_URL?.trim();
  if (envUrl && envUrl !== url) io.note(`note: SECRETS_URL is set (${envUrl}) and takes precedence over this login`);
}

export async function logout(io: Io): Promise<void> {
  const file = credentialsFile();
  io.done(removeCredentials(file) ? `Logged out: removed ${file}` : `Not logged in (no ${file})`);
  if (process.env.SECRETS_URL?.trim()) io.note("note: SECRETS_URL is still set, so commands stay in remote mode");
}
