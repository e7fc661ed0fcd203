/** How a reader id reads in a sentence: "token backend-prod", "CLI (cli:root)", "dashboard", an email. */
export function callerLabel(caller: string): string {
  if (caller.startsWith("token:")) return `token ${caller.slice(6)}`;
  if (caller.startsWith("cli:")) return `CLI (${caller})`;
  if (caller.startsWith("user:")) return caller.slice(5);
  return caller;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
