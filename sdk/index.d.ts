/**
 * secrets-manager/sdk: the `secrets` object of `wix-secrets-backend.v2`,
 * backed by this server's REST API, so code written for Wix runs unchanged
 * with only its import line changed:
 *
 * ```ts
 * import { secrets } from "secrets-manager/sdk"; // was "wix-secrets-backend.v2"
 * const { value } = await secrets.getSecretValue("STRIPE_KEY");
 * ```
 *
 * No runtime dependencies (global `fetch`, Node.js 20 or newer). The source is
 * lib/sdk/index.ts; `npm run build:sdk` compiles it to sdk/ (committed, so a
 * path or git install needs no build step; lib/sdk/build.test.ts fails when
 * sdk/ is stale).
 */
/** The input of {@link SecretsClient.createSecret}: what Wix's `createSecret(secret)` takes. */
export interface SecretInput {
    /** 1–50 characters: letters, digits and `_ + = - @ # $`; unique regardless of letter case. */
    name: string;
    /** The secret itself: at least 1 character. */
    value: string;
    /** Optional, at most 200 characters. */
    description?: string | null;
}
/** The input of {@link SecretsClient.updateSecret}: only the fields given change. */
export interface SecretUpdate {
    /** A new name; the server may keep the old one answering as an alias for a while. */
    name?: string | null;
    /** A new value (the previous one is kept as a restorable version). */
    value?: string | null;
    /** A new description (`""` clears it). */
    description?: string | null;
}
/** Options of {@link SecretsClient.updateSecret} beyond Wix's (optional; Wix code never passes them). */
export interface UpdateOptions {
    /**
     * When renaming: keep the old name answering as an alias for this many
     * days (0–90; reads through it succeed and warn). Default 0: the old name
     * is free at once, as on Wix.
     */
    aliasDays?: number;
}
/** What {@link SecretsClient.getSecretValue} resolves to: an object, as on Wix, not a bare string. */
export interface SecretValue {
    value: string;
}
/** One secret's metadata, as `listSecretInfo()` gives it on Wix. Never the value. */
export interface SecretInfo {
    _id: string;
    name: string;
    description: string;
    _createdDate: Date;
    _updatedDate: Date;
}
/** What {@link SecretsClient.listSecretInfo} resolves to. */
export interface SecretInfoList {
    secrets: SecretInfo[];
}
/**
 * The five functions of `wix-secrets-backend.v2`'s `secrets`. Every method may
 * be called detached from its object (`const { getSecretValue } = secrets`).
 * Failures reject with a {@link SecretsError} subclass.
 */
export interface SecretsClient {
    /** Creates a secret and resolves to its id. Never retried automatically (a retry could create it twice). */
    createSecret(secret: SecretInput): Promise<string>;
    /** Resolves to `{ value }` of the secret with this name (or a live alias of it). Retried on 429/502/503/504 and network errors. */
    getSecretValue(name: string): Promise<SecretValue>;
    /** Resolves to every secret's id, name, description and dates (as `Date`s); never values. Retried like reads. */
    listSecretInfo(): Promise<SecretInfoList>;
    /** Changes the fields given (others stay as they are) and resolves to `undefined`. Never retried automatically. */
    updateSecret(_id: string, secret: SecretUpdate, options?: UpdateOptions): Promise<void>;
    /** Moves the secret to the server's trash and resolves to `undefined`. Never retried automatically. */
    deleteSecret(_id: string): Promise<void>;
}
/** The part of a `fetch` Response the client reads. */
export interface FetchResponse {
    readonly status: number;
    readonly headers: {
        get(name: string): string | null;
    };
    text(): Promise<string>;
}
/** The request the client hands to `fetch`. */
export interface FetchInit {
    method: string;
    headers: Record<string, string>;
    body?: string;
    redirect: "manual";
    signal: AbortSignal;
}
/** A `fetch` implementation: the global one by default; pass another to add a proxy agent, tracing or a test double. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;
/** Passed to {@link ClientOptions.onWarning} when a read went through a renamed secret's old name. */
export interface AliasWarning {
    /** The name the code asked for (the alias). */
    alias: string;
    /** The secret's current name, when the server named it (`Link: …; rel="successor-version"`). */
    successor: string | null;
    /** When the alias stops answering (`Sunset`), if the server said. */
    sunset: Date | null;
    /** The warning as one sentence (names and dates only, never the value). */
    message: string;
}
/** Options of {@link createClient}. */
export interface ClientOptions {
    /** The server's base URL, e.g. `https://secrets.internal:3000` (the API lives under `/api/v1`). */
    url: string;
    /** An API token with the scopes the calls need (`secrets:read`, `secrets:write`). */
    token: string;
    /** Keep values read by `getSecretValue` in memory for this long (per name); 0 (default) turns the cache off. */
    cacheTtlMs?: number;
    /** The `fetch` to use (default: the global one). */
    fetch?: FetchLike;
    /** How many times a read is retried after a 429, 502, 503, 504 or network error (default 3; writes never are). */
    retries?: number;
    /** The first back-off delay; it doubles per attempt, with jitter (default 200 ms). */
    retryBaseDelayMs?: number;
    /** No single wait is longer than this; a `Retry-After` beyond it fails at once instead (default 10 s). */
    maxRetryDelayMs?: number;
    /** One HTTP request's time limit (default 30 s); a timeout is a {@link NetworkError}. */
    timeoutMs?: number;
    /** Receives alias warnings instead of `process.emitWarning` (once per name per client). */
    onWarning?: (warning: AliasWarning) => void;
    /**
     * Allow a plain-http URL to a host other than this machine (the token
     * would cross the network in clear). Default false: such a URL is refused.
     * The default client reads `SECRETS_ALLOW_HTTP=1`.
     */
    allowInsecureHttp?: boolean;
}
/** Constructor arguments shared by the error classes. */
export interface SecretsErrorInit {
    status: number;
    code: string;
    requestId?: string;
    cause?: unknown;
}
/**
 * Every failure of the SDK. `status` is the HTTP status (0 when no answer
 * came: network, timeout, configuration), `code` the server's
 * `applicationError.code` (or the SDK's own), `requestId` the server's
 * `x-request-id` when it sent one. Messages never contain the token or a value.
 */
export declare class SecretsError extends Error {
    readonly status: number;
    readonly code: string;
    readonly requestId: string | undefined;
    constructor(message: string, init: SecretsErrorInit);
}
/** The client is not configured (missing `SECRETS_URL`/`SECRETS_TOKEN`, or a bad option); nothing was sent. */
export declare class ConfigurationError extends SecretsError {
}
/** 404: no secret with that name or id. */
export declare class NotFoundError extends SecretsError {
}
/** 409: the name is taken (by a secret or a live alias, regardless of letter case). */
export declare class ConflictError extends SecretsError {
}
/** 400 or 413: the input was refused; `field` names it (`name`, `value`, `description`, `id`, `aliasDays`…) when known. */
export declare class ValidationError extends SecretsError {
    readonly field: string | undefined;
    constructor(message: string, init: SecretsErrorInit & {
        field?: string;
    });
}
/** 401: the token is missing, malformed, wrong, expired or revoked. */
export declare class AuthenticationError extends SecretsError {
}
/** 403: the token lacks the scope, or its name patterns exclude this secret. */
export declare class PermissionError extends SecretsError {
}
/** 429: too many requests; `retryAfterSeconds` says when to try again, if the server said. */
export declare class RateLimitError extends SecretsError {
    readonly retryAfterSeconds: number | undefined;
    constructor(message: string, init: SecretsErrorInit & {
        retryAfterSeconds?: number;
    });
}
/** 5xx: the server failed or is unavailable (a read was retried first). */
export declare class ServerError extends SecretsError {
}
/**
 * No answer: connection refused or reset, DNS failure, timeout (a read was
 * retried first), or a certificate this process does not trust (`code`
 * TLS_ERROR, not retried). `status` is 0.
 */
export declare class NetworkError extends SecretsError {
}
/**
 * A client for one server and token. Reads retry with back-off, writes never
 * do; with `cacheTtlMs` values are kept in memory per name, concurrent reads
 * of one name share one request, and writes through this client drop what
 * they may have changed.
 */
export declare function createClient(options: ClientOptions): SecretsClient;
/** Options of {@link SecretsManagementClient.importSecrets}. */
export interface ImportOptions {
    /** Give existing secrets a new version when the value differs (default: skip them). */
    overwrite?: boolean;
    /** Report what would happen and change nothing. */
    dryRun?: boolean;
}
/** What {@link SecretsManagementClient.importSecrets} resolves to: every name, by what happened to it. */
export interface ImportResult {
    created: string[];
    updated: string[];
    skipped: {
        name: string;
        reason: "exists" | "unchanged";
    }[];
    dryRun: boolean;
}
/** One kept version of a secret's value (never the value itself). */
export interface VersionInfo {
    version: number;
    _createdDate: Date;
    createdBy: string;
    current: boolean;
    /** The value's size in UTF-8 bytes (null for versions written before sizes were recorded). */
    length: number | null;
    /** A short keyed fingerprint of the value (equal values of one secret match); null for old versions. */
    fingerprint: string | null;
}
/**
 * The five Wix functions plus what this server offers beyond Wix's API
 * (bin/secrets uses them in remote mode). Not part of `wix-secrets-backend.v2`:
 * code that must stay portable to Wix uses {@link createClient}.
 */
export interface SecretsManagementClient extends SecretsClient {
    /** Imports many secrets in one all-or-nothing call (at most 1000). Never retried automatically. */
    importSecrets(secrets: SecretInput[], options?: ImportOptions): Promise<ImportResult>;
    /** The secret's kept versions, newest first. Retried like reads. */
    listVersions(_id: string): Promise<{
        versions: VersionInfo[];
    }>;
    /** Makes an earlier value current again (as a new version). Never retried automatically. */
    restoreVersion(_id: string, version: number): Promise<void>;
}
/** A {@link createClient} client with this server's extra operations ({@link SecretsManagementClient}). */
export declare function createManagementClient(options: ClientOptions): SecretsManagementClient;
/**
 * The default client, configured by the environment: `SECRETS_URL` (the
 * server's base URL), `SECRETS_TOKEN` (an API token) and, only for plain http
 * to another machine, `SECRETS_ALLOW_HTTP=1`. Created on first use,
 * so importing it costs nothing and a missing variable is reported by the
 * first call (as a rejected {@link ConfigurationError} naming it).
 */
export declare const secrets: SecretsClient;
