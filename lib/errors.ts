/**
 * Typed errors thrown by the service layer. Entry points (REST, server
 * actions, CLI) map them to responses in one place each; their messages are
 * safe to show and never contain a secret value.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly code: "validation" | "unauthorized" | "not_found" | "conflict" | "forbidden" | "too_large" | "unavailable" | "rate_limited",
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`, "validation", 400);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, "not_found", 404);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, "conflict", 409);
  }
}

/** No credentials, or credentials that do not open (API tokens: missing, malformed, wrong, expired, revoked). */
export class UnauthorizedError extends AppError {
  constructor(message = "A valid API token is required") {
    super(message, "unauthorized", 401);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(message, "too_large", 413);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "Not allowed") {
    super(message, "forbidden", 403);
  }
}

/** The database or the audit log could not be written: fail closed. */
export class UnavailableError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, "unavailable", 503, options);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    /** Seconds until a retry may succeed (the Retry-After header). */
    readonly retryAfterSeconds = 1,
  ) {
    super(message, "rate_limited", 429);
  }
}
