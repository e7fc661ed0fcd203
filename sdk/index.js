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
/**
 * Every failure of the SDK. `status` is the HTTP status (0 when no answer
 * came: network, timeout, configuration), `code` the server's
 * `applicationError.code` (or the SDK's own), `requestId` the server's
 * `x-request-id` when it sent one. Messages never contain the token or a value.
 */
export class SecretsError extends Error {
    status;
    code;
    requestId;
    constructor(message, init) {
        super(message, init.cause === undefined ? undefined : { cause: init.cause });
        this.name = new.target.name;
        this.status = init.status;
        this.code = init.code;
        this.requestId = init.requestId;
    }
}
/** The client is not configured (missing `SECRETS_URL`/`SECRETS_TOKEN`, or a bad option); nothing was sent. */
export class ConfigurationError extends SecretsError {
}
/** 404: no secret with that name or id. */
export class NotFoundError extends SecretsError {
}
/** 409: the name is taken (by a secret or a live alias, regardless of letter case). */
export class ConflictError extends SecretsError {
}
/** 400 or 413: the input was refused; `field` names it (`name`, `value`, `description`, `id`, `aliasDays`…) when known. */
export class ValidationError extends SecretsError {
    field;
    constructor(message, init) {
        super(message, init);
        this.field = init.field;
    }
}
/** 401: the token is missing, malformed, wrong, expired or revoked. */
export class AuthenticationError extends SecretsError {
}
/** 403: the token lacks the scope, or its name patterns exclude this secret. */
export class PermissionError extends SecretsError {
}
/** 429: too many requests; `retryAfterSeconds` says when to try again, if the server said. */
export class RateLimitError extends SecretsError {
    retryAfterSeconds;
    constructor(message, init) {
        super(message, init);
        this.retryAfterSeconds = init.retryAfterSeconds;
    }
}
/** 5xx: the server failed or is unavailable (a read was retried first). */
export class ServerError extends SecretsError {
}
/**
 * No answer: connection refused or reset, DNS failure, timeout (a read was
 * retried first), or a certificate this process does not trust (`code`
 * TLS_ERROR, not retried). `status` is 0.
 */
export class NetworkError extends SecretsError {
}
/**
 * A client for one server and token. Reads retry with back-off, writes never
 * do; with `cacheTtlMs` values are kept in memory per name, concurrent reads
 * of one name share one request, and writes through this client drop what
 * they may have changed.
 */
export function createClient(options) {
    return buildClient(options, { url: "url", token: "token", insecure: "allowInsecureHttp: true" }).client;
}
/** A {@link createClient} client with this server's extra operations ({@link SecretsManagementClient}). */
export function createManagementClient(options) {
    const { client, settings, cache } = buildClient(options, { url: "url", token: "token", insecure: "allowInsecureHttp: true" });
    return {
        ...client,
        importSecrets: async (secrets, importOptions) => {
            if (!Array.isArray(secrets))
                throw new ValidationError("secrets: must be an array", { status: 400, code: "INVALID_ARGUMENT", field: "secrets" });
            const body = {
                secrets: secrets.map((s) => ({ name: s.name, value: s.value, description: s.description ?? undefined })),
                overwrite: importOptions?.overwrite,
                dryRun: importOptions?.dryRun,
            };
            try {
                const { data } = await send(settings, { method: "POST", path: "/secrets/import", body, redact: secrets.map((s) => s.value) });
                return toImportResult(data);
            }
            finally {
                cache.forget();
            }
        },
        listVersions: async (_id) => {
            requireText(_id, "_id");
            const { data } = await send(settings, { method: "GET", path: `/secrets/${encodeURIComponent(_id)}/versions`, read: true });
            if (!Array.isArray(data.versions))
                throw unexpected("listVersions");
            return { versions: data.versions.map(toVersionInfo) };
        },
        restoreVersion: async (_id, version) => {
            requireText(_id, "_id");
            if (!Number.isInteger(version) || version < 1) {
                throw new ValidationError("version: must be a whole number of at least 1", { status: 400, code: "INVALID_ARGUMENT", field: "version" });
            }
            try {
                await send(settings, { method: "POST", path: `/secrets/${encodeURIComponent(_id)}/versions/${version}/restore` });
            }
            finally {
                cache.forget();
            }
        },
    };
}
/**
 * The default client, configured by the environment: `SECRETS_URL` (the
 * server's base URL), `SECRETS_TOKEN` (an API token) and, only for plain http
 * to another machine, `SECRETS_ALLOW_HTTP=1`. Created on first use,
 * so importing it costs nothing and a missing variable is reported by the
 * first call (as a rejected {@link ConfigurationError} naming it).
 */
export const secrets = {
    createSecret: async (secret) => defaultClient().createSecret(secret),
    getSecretValue: async (name) => defaultClient().getSecretValue(name),
    listSecretInfo: async () => defaultClient().listSecretInfo(),
    updateSecret: async (_id, secret, options) => defaultClient().updateSecret(_id, secret, options),
    deleteSecret: async (_id) => defaultClient().deleteSecret(_id),
};
let fromEnvironment;
/** Builds the default client once; a failure is not remembered, so setting the variable and calling again works. */
function defaultClient() {
    if (fromEnvironment)
        return fromEnvironment;
    const env = globalThis.process?.env ?? {};
    fromEnvironment = buildClient({ url: env.SECRETS_URL ?? "", token: env.SECRETS_TOKEN ?? "", allowInsecureHttp: /^(1|true|yes)$/i.test(env.SECRETS_ALLOW_HTTP ?? "") }, { url: "SECRETS_URL", token: "SECRETS_TOKEN", insecure: "SECRETS_ALLOW_HTTP=1" }).client;
    return fromEnvironment;
}
/** One client: the five functions over its own settings, value cache and set of names already warned about. */
function buildClient(options, labels) {
    const settings = settingsFrom(options, labels);
    const cache = new ValueCache(settings.cacheTtlMs);
    const warned = new Set();
    const readValue = async (name) => {
        const { data, headers } = await send(settings, { method: "GET", path: `/secrets/name/${encodeURIComponent(name)}`, read: true });
        const alias = aliasWarning(name, headers);
        if (alias && !warned.has(name)) {
            warned.add(name);
            settings.warn(alias);
        }
        if (typeof data.value !== "string")
            throw unexpected("getSecretValue");
        return data.value;
    };
    const client = {
        createSecret: async (secret) => {
            const input = requireObject(secret, "secret");
            const body = { secret: { name: input.name, value: input.value, description: input.description ?? undefined } };
            try {
                const { data } = await send(settings, { method: "POST", path: "/secrets", body, redact: [input.value] });
                if (typeof data.id !== "string" || data.id === "")
                    throw unexpected("createSecret");
                return data.id;
            }
            finally {
                cache.forget(typeof input.name === "string" ? input.name : undefined);
            }
        },
        getSecretValue: async (name) => {
            requireText(name, "name");
            return { value: await cache.get(name, readValue) };
        },
        listSecretInfo: async () => {
            const { data } = await send(settings, { method: "GET", path: "/secrets", read: true });
            if (!Array.isArray(data.secrets))
                throw unexpected("listSecretInfo");
            return { secrets: data.secrets.map(toSecretInfo) };
        },
        updateSecret: async (_id, secret, options) => {
            requireText(_id, "_id");
            const input = requireObject(secret, "secret");
            const changes = {};
            for (const field of ["name", "value", "description"]) {
                const v = input[field];
                if (v !== undefined && v !== null)
                    changes[field] = v;
            }
            const body = { id: _id, secret: changes, aliasDays: options?.aliasDays };
            try {
                await send(settings, { method: "PATCH", path: `/secrets/${encodeURIComponent(_id)}`, body, redact: [input.value] });
            }
            finally {
                cache.forget();
            }
        },
        deleteSecret: async (_id) => {
            requireText(_id, "_id");
            try {
                await send(settings, { method: "DELETE", path: `/secrets/${encodeURIComponent(_id)}` });
            }
            finally {
                cache.forget();
            }
        },
    };
    return { client, settings, cache };
}
/** Checks the options once, naming the setting (never echoing the token). */
function settingsFrom(options, labels) {
    if (typeof options !== "object" || options === null)
        throw configError("createClient needs an options object: { url, token }");
    const rawUrl = typeof options.url === "string" ? options.url.trim() : "";
    if (!rawUrl)
        throw configError(`${labels.url} is not set: give the secrets server's base URL, e.g. https://secrets.example.com`);
    let url;
    try {
        url = new URL(rawUrl);
    }
    catch {
        throw configError(`${labels.url} is not a valid URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
        throw configError(`${labels.url} must be an http or https URL`);
    if (url.username || url.password)
        throw configError(`${labels.url} must not contain credentials: give the token separately`);
    if (url.protocol === "http:" && !isLoopback(url.hostname) && options.allowInsecureHttp !== true) {
        throw configError(`${labels.url} is plain http to ${url.hostname}: the token would cross the network in clear. Use https, or set ${labels.insecure} to allow it`);
    }
    const token = typeof options.token === "string" ? options.token.trim() : "";
    if (!token)
        throw configError(`${labels.token} is not set: give an API token (bin/secrets tokens create)`);
    // fetch would refuse such a header with a message that quotes it: the token.
    if (!/^[\x21-\x7e]+$/.test(token))
        throw configError(`${labels.token} contains spaces, control or non-ASCII characters`);
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== "function")
        throw configError("No global fetch: use Node.js 20 or newer, or pass options.fetch");
    const path = url.pathname.replace(/\/+$/, "");
    return {
        apiBase: `${url.origin}${path.endsWith("/api/v1") ? path : `${path}/api/v1`}`,
        token,
        fetch: fetchImpl,
        retries: count(options.retries, 3, "retries"),
        baseDelayMs: count(options.retryBaseDelayMs, 200, "retryBaseDelayMs"),
        maxDelayMs: count(options.maxRetryDelayMs, 10_000, "maxRetryDelayMs"),
        timeoutMs: count(options.timeoutMs, 30_000, "timeoutMs") || 30_000,
        cacheTtlMs: count(options.cacheTtlMs, 0, "cacheTtlMs"),
        warn: options.onWarning ?? emitAliasWarning,
    };
}
/** This machine: localhost names, 127.0.0.0/8 and ::1. */
function isLoopback(hostname) {
    const host = hostname.toLowerCase().replace(/\.$/, "");
    return host === "localhost" || host.endsWith(".localhost") || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
function count(value, fallback, label) {
    if (value === undefined)
        return fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
        throw configError(`${label} must be a number ≥ 0`);
    return Math.floor(value);
}
function configError(message) {
    return new ConfigurationError(message, { status: 0, code: "CONFIGURATION" });
}
/** Arguments are checked only where a bad one would change the URL; the server validates the rest. */
function requireText(value, field) {
    if (typeof value !== "string" || value === "") {
        throw new ValidationError(`${field}: must be a non-empty string`, { status: 400, code: "INVALID_ARGUMENT", field });
    }
}
function requireObject(value, field) {
    if (typeof value !== "object" || value === null) {
        throw new ValidationError(`${field}: must be an object`, { status: 400, code: "INVALID_ARGUMENT", field });
    }
    return value;
}
function unexpected(operation) {
    return new ServerError(`Unexpected answer from the secrets server to ${operation}`, { status: 0, code: "UNEXPECTED_RESPONSE" });
}
function toSecretInfo(raw) {
    const s = (typeof raw === "object" && raw !== null ? raw : {});
    const created = new Date(String(s.createdDate));
    const updated = new Date(String(s.updatedDate));
    if (typeof s.id !== "string" || typeof s.name !== "string" || Number.isNaN(created.getTime()) || Number.isNaN(updated.getTime())) {
        throw unexpected("listSecretInfo");
    }
    return { _id: s.id, name: s.name, description: typeof s.description === "string" ? s.description : "", _createdDate: created, _updatedDate: updated };
}
function toImportResult(data) {
    const names = (v) => Array.isArray(v) && v.every((n) => typeof n === "string");
    const skipped = data.skipped;
    const skippedOk = Array.isArray(skipped) && skipped.every((x) => typeof x?.name === "string" && (x.reason === "exists" || x.reason === "unchanged"));
    if (!names(data.created) || !names(data.updated) || !skippedOk || typeof data.dryRun !== "boolean")
        throw unexpected("importSecrets");
    return {
        created: data.created,
        updated: data.updated,
        skipped: skipped.map((x) => ({ name: x.name, reason: x.reason })),
        dryRun: data.dryRun,
    };
}
function toVersionInfo(raw) {
    const v = (typeof raw === "object" && raw !== null ? raw : {});
    const created = new Date(String(v.createdDate));
    if (typeof v.version !== "number" || typeof v.createdBy !== "string" || typeof v.current !== "boolean" || Number.isNaN(created.getTime())) {
        throw unexpected("listVersions");
    }
    return {
        version: v.version,
        _createdDate: created,
        createdBy: v.createdBy,
        current: v.current,
        length: typeof v.length === "number" ? v.length : null,
        fingerprint: typeof v.fingerprint === "string" ? v.fingerprint : null,
    };
}
/** One call with the retry policy: reads retry with exponential back-off and jitter, writes never. */
async function send(settings, call) {
    for (let attempt = 0;; attempt++) {
        try {
            return await sendOnce(settings, call);
        }
        catch (error) {
            const delay = call.read && attempt < settings.retries ? retryDelay(settings, error, attempt) : undefined;
            if (delay === undefined)
                throw error;
            await new Promise((resolve) => setTimeout(resolve, delay));
        }
    }
}
/** How long to wait before the next attempt, or undefined when this error is final. */
function retryDelay(settings, error, attempt) {
    const jitter = (ms) => ms / 2 + Math.random() * (ms / 2);
    if (error instanceof RateLimitError && error.retryAfterSeconds !== undefined) {
        const ms = error.retryAfterSeconds * 1000;
        // Waiting less than the server asked only earns another 429; waiting longer than allowed is the caller's call.
        return ms > settings.maxDelayMs ? undefined : ms + Math.random() * settings.baseDelayMs;
    }
    const retriable = (error instanceof NetworkError && error.code !== "TLS_ERROR") || error instanceof RateLimitError || (error instanceof ServerError && [502, 503, 504].includes(error.status));
    if (!retriable)
        return undefined;
    const backoff = jitter(Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** attempt));
    // A 503's Retry-After is a hint about recovery: wait at least that long, within the cap.
    const hinted = (serverRetryAfter.get(error) ?? 0) * 1000;
    return Math.min(settings.maxDelayMs, Math.max(backoff, hinted));
}
/** Retry-After of 5xx answers (kept off the public error types: only the retry loop uses it). */
const serverRetryAfter = new WeakMap();
async function sendOnce(settings, call) {
    const headers = {
        authorization: `Bearer ${settings.token}`,
        accept: "application/json",
        "user-agent": "secrets-manager-sdk",
    };
    if (call.body !== undefined)
        headers["content-type"] = "application/json";
    const redact = [settings.token, ...(call.redact ?? [])];
    let res;
    let text;
    try {
        res = await settings.fetch(settings.apiBase + call.path, {
            method: call.method,
            headers,
            body: call.body === undefined ? undefined : JSON.stringify(call.body),
            // A redirect would carry the token elsewhere: refuse to follow one.
            redirect: "manual",
            signal: AbortSignal.timeout(settings.timeoutMs),
        });
        text = await res.text();
    }
    catch (error) {
        throw networkError(settings, error, redact);
    }
    if (res.status >= 200 && res.status < 300) {
        const data = text.trim() === "" ? {} : parseJson(text);
        if (typeof data !== "object" || data === null || Array.isArray(data))
            throw unexpected(`${call.method} ${call.path}`);
        return { data: data, headers: res.headers };
    }
    throw errorFromAnswer(res, text, redact);
}
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function networkError(settings, error, redact) {
    const origin = new URL(settings.apiBase).origin;
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError" || name === "AbortError") {
        return new NetworkError(`No answer from ${origin} within ${settings.timeoutMs} ms`, { status: 0, code: "TIMEOUT" });
    }
    const cause = error?.cause;
    const reason = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : error instanceof Error ? error.message : "";
    const detail = scrub(reason || "request failed", redact);
    // An untrusted or mismatched certificate will not fix itself: TLS_ERROR is not retried.
    const tls = /CERT|SELF_SIGNED|SIGNATURE|ISSUER|ERR_TLS|ERR_SSL|HOSTNAME/.test(typeof cause?.code === "string" ? cause.code : "");
    return new NetworkError(`Could not reach the secrets server at ${origin}: ${detail}`, { status: 0, code: tls ? "TLS_ERROR" : "NETWORK_ERROR" });
}
/** Maps the server's Wix-shaped error envelope (or a bare status) to the typed errors. */
function errorFromAnswer(res, text, redact) {
    const status = res.status;
    const body = (parseJson(text) ?? {});
    const app = body.details?.applicationError;
    const description = typeof app?.description === "string" ? app.description : undefined;
    const raw = typeof body.message === "string" && body.message ? body.message : (description ?? defaultMessage(status));
    const message = scrub(raw, redact);
    const code = typeof app?.code === "string" && app.code ? app.code : defaultCode(status);
    const init = { status, code, requestId: res.headers.get("x-request-id") ?? undefined };
    if (status === 400 || status === 413) {
        return new ValidationError(message, { ...init, field: fieldOf(body, description ?? raw, status) });
    }
    if (status === 401)
        return new AuthenticationError(message, init);
    if (status === 403)
        return new PermissionError(message, init);
    if (status === 404)
        return new NotFoundError(message, init);
    if (status === 409)
        return new ConflictError(message, init);
    if (status === 429)
        return new RateLimitError(message, { ...init, retryAfterSeconds: retryAfter(res.headers.get("retry-after")) });
    if (status >= 500) {
        const error = new ServerError(message, init);
        const after = retryAfter(res.headers.get("retry-after"));
        if (after !== undefined)
            serverRetryAfter.set(error, after);
        return error;
    }
    return new SecretsError(message, init);
}
const FIELDS = new Set(["name", "value", "description", "id", "aliasDays", "body"]);
/**
 * The field a validation error is about, as the caller knows it (`name`, not
 * `secret.name`): the server's field violation, or else the `field: …` prefix
 * its messages start with when that is a known field.
 */
function fieldOf(body, text, status) {
    const violation = body.details?.validationError?.fieldViolations?.[0]?.field;
    const unprefix = (f) => f.replace(/^secret\./, "").replace(/^_id$/, "id");
    if (typeof violation === "string" && violation)
        return unprefix(violation);
    const prefix = /^\s*([A-Za-z_][\w.]*)\s*:/.exec(text)?.[1];
    const field = prefix === undefined ? undefined : unprefix(prefix);
    if (field && FIELDS.has(field))
        return field;
    return status === 413 ? "value" : undefined;
}
function retryAfter(header) {
    if (!header)
        return undefined;
    if (/^\s*\d+\s*$/.test(header))
        return Number(header);
    const at = Date.parse(header);
    return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
function defaultMessage(status) {
    if (status === 401)
        return "The API token was refused (missing, wrong, expired or revoked)";
    if (status === 403)
        return "The API token is not allowed to do this";
    if (status === 404)
        return "Not found";
    if (status === 409)
        return "Conflict";
    if (status === 429)
        return "Too many requests";
    if (status >= 300 && status < 400)
        return `The server answered with a redirect (${status}); point the client at the final URL`;
    return `The secrets server answered ${status}`;
}
/** The server's codes (Wix's), for an answer that came without the envelope (e.g. from a proxy). */
function defaultCode(status) {
    const codes = {
        400: "INVALID_ARGUMENT",
        401: "UNAUTHENTICATED",
        403: "PERMISSION_DENIED",
        404: "NOT_FOUND",
        409: "ALREADY_EXISTS",
        413: "PAYLOAD_TOO_LARGE",
        429: "RATE_LIMITED",
        503: "UNAVAILABLE",
    };
    return codes[status] ?? (status >= 500 ? "INTERNAL" : `HTTP_${status}`);
}
/** Removes the token and any value sent from text bound for an error message (values under 4 characters cannot be told from words). */
function scrub(text, secretsToHide) {
    let out = text;
    for (const s of secretsToHide)
        if (typeof s === "string" && s.length >= 4)
            out = out.split(s).join("[redacted]");
    return out;
}
/** The warning for a read answered through an alias (`Deprecation`/`Sunset`/`Link` headers), or null for a normal read. */
function aliasWarning(alias, headers) {
    const deprecation = headers.get("deprecation");
    const successor = successorName(headers.get("link"));
    if (!deprecation && !successor)
        return null;
    const sunsetHeader = headers.get("sunset");
    const sunsetAt = sunsetHeader ? new Date(sunsetHeader) : null;
    const sunset = sunsetAt && !Number.isNaN(sunsetAt.getTime()) ? sunsetAt : null;
    const renamed = successor ? `was renamed to "${successor}"` : "was renamed";
    const until = sunset ? `; the old name stops working at ${sunset.toISOString()}` : "; the old name will stop working";
    const advice = successor ? `. Read "${successor}" instead.` : ".";
    return { alias, successor, sunset, message: `Secret "${alias}" ${renamed}${until}${advice}` };
}
/** The new name from `Link: <…/api/v1/secrets/name/NEW>; rel="successor-version"`. */
function successorName(link) {
    if (!link)
        return null;
    for (const part of link.split(/,(?=\s*<)/)) {
        const m = /^\s*<([^>]*)>(.*)$/.exec(part);
        if (!m || !/;\s*rel\s*=\s*"?[^";]*\bsuccessor-version\b/i.test(m[2] ?? ""))
            continue;
        const path = (m[1] ?? "").split(/[?#]/)[0] ?? "";
        const at = path.lastIndexOf("/secrets/name/");
        if (at < 0)
            return null;
        try {
            return decodeURIComponent(path.slice(at + "/secrets/name/".length)) || null;
        }
        catch {
            return null;
        }
    }
    return null;
}
function emitAliasWarning(warning) {
    const proc = globalThis.process;
    if (typeof proc?.emitWarning === "function")
        proc.emitWarning(warning.message, { type: "SecretsAliasWarning", code: "SECRETS_ALIAS" });
    else
        console.warn(warning.message);
}
/**
 * The optional value cache: per name, for `ttlMs`; concurrent reads of one
 * name share one request. A write bumps the generation, so a read that was in
 * flight during the write is handed to its callers but not kept.
 */
class ValueCache {
    #ttlMs;
    #entries = new Map();
    #inflight = new Map();
    #generation = 0;
    constructor(ttlMs) {
        this.#ttlMs = ttlMs;
    }
    async get(name, load) {
        if (this.#ttlMs <= 0)
            return load(name);
        const hit = this.#entries.get(name);
        if (hit && hit.expiresAt > performance.now())
            return hit.value;
        const pending = this.#inflight.get(name);
        if (pending)
            return pending;
        const generation = this.#generation;
        const request = load(name)
            .then((value) => {
            if (generation === this.#generation)
                this.#entries.set(name, { value, expiresAt: performance.now() + this.#ttlMs });
            return value;
        })
            .finally(() => {
            if (this.#inflight.get(name) === request)
                this.#inflight.delete(name);
        });
        this.#inflight.set(name, request);
        return request;
    }
    /**
     * Drops what a write may have changed: the name created (in any letter
     * case), or everything when the write named an id (the client cannot know
     * which names, aliases included, lead to it).
     */
    forget(name) {
        this.#generation++;
        if (name === undefined) {
            this.#entries.clear();
            this.#inflight.clear();
            return;
        }
        const key = name.toLowerCase();
        for (const map of [this.#entries, this.#inflight]) {
            for (const k of map.keys())
                if (k.toLowerCase() === key)
                    map.delete(k);
        }
    }
}
