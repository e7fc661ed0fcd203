/**
 * What the secrets commands need, whichever way they reach the secrets: the
 * service layer on the database (local mode, lib/cli/local-backend.ts) or
 * the REST API with a token (remote mode, lib/cli/remote-backend.ts). The
 * commands (lib/cli/program.ts) format everything themselves, so both modes
 * print the same output and exit with the same codes. Types only: this file
 * must not pull the database layer into the remote bundle.
 */
export type SecretMeta = { id: string; name: string; description: string; createdDate: Date; updatedDate: Date };

export type VersionMeta = {
  version: number;
  createdDate: Date;
  createdBy: string;
  current: boolean;
  /** The value's size in UTF-8 bytes (null for versions written before it was recorded). */
  length: number | null;
  /** A short keyed fingerprint (local mode only; the REST API does not expose it). */
  fingerprint: string | null;
};

export type ImportItem = { name: string; value: string; description?: string };

export type ImportReport = {
  created: string[];
  updated: string[];
  skipped: { name: string; reason: "exists" | "unchanged" }[];
  dryRun: boolean;
};

/** A rename's fate for the old name: an alias until a date, or gone at once. */
export type RenameOutcome = { aliasUntil: Date | null };

export interface SecretsBackend {
  create(item: ImportItem): Promise<string>;
  /** The value, and a warning when the name asked for is an alias of a renamed secret (the SDK's sentence). */
  read(name: string): Promise<{ value: string; warning?: string }>;
  list(): Promise<SecretMeta[]>;
  /** A live secret by id or name (any letter case); NotFound otherwise. */
  find(ref: string): Promise<SecretMeta>;
  /** `aliasDays`: 0 frees the old name at once; otherwise days it keeps answering (only with a new name). */
  update(id: string, changes: { name?: string; value?: string; description?: string }, aliasDays: number | undefined): Promise<RenameOutcome>;
  remove(id: string): Promise<void>;
  versions(id: string): Promise<VersionMeta[]>;
  restoreVersion(id: string, version: number): Promise<void>;
  /** All or nothing: one transaction (local) or one API call (remote). */
  importMany(items: ImportItem[], opts: { overwrite: boolean; dryRun: boolean }): Promise<ImportReport>;
  /** Releases what the backend holds (database connections, an embedded database it started); safe to call twice. */
  close(): Promise<void>;
}

/** The commands that need the database itself; remote mode refuses them (lib/cli/local-commands.ts implements them). */
export type LocalCommand = (input: { args: string[]; opts: Record<string, unknown>; io: import("./io").Io }) => Promise<void>;
