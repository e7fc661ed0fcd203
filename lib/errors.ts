/**
 * Typed errors thrown by the service layer. Entry points (REST, server
 * actions, CLI) map them to responses in one place each; their messages are
 * safe to show and never contain a secret value.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly code: "validation" | "not_found" | "conflict" | "forbidden" | "unavailable" | "rate_limited",
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
  constructor(message: string) {
    super(message, "rate_limited", 429);
  }
}
