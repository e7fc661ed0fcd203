import { AppError, TooManyRequestsError, ValidationError } from "../errors";

/**
 * Every API error in Wix's envelope, which the official Wix client turns
 * into its SDKError: `{ message, details: { applicationError: { code,
 * description } } }`, plus `validationError.fieldViolations` naming the
 * field for a 400. Messages come from the service's typed errors, which are
 * written to be shown; anything else is a generic 500 with no detail.
 */
export const API_CODES = {
  validation: "INVALID_ARGUMENT",
  unauthorized: "UNAUTHENTICATED",
  forbidden: "PERMISSION_DENIED",
  not_found: "NOT_FOUND",
  conflict: "ALREADY_EXISTS",
  too_large: "PAYLOAD_TOO_LARGE",
  rate_limited: "RATE_LIMITED",
  unavailable: "UNAVAILABLE",
} as const satisfies Record<AppError["code"], string>;

export type ApiErrorAnswer = { status: number; body: object; headers: Record<string, string> };

export function errorAnswer(err: unknown): ApiErrorAnswer {
  if (!(err instanceof AppError)) return envelope(500, "INTERNAL", "Internal error; nothing was changed or returned. Try again.");
  const answer = envelope(err.status, API_CODES[err.code], err.message);
  if (err instanceof ValidationError) {
    (answer.body as { details: Record<string, unknown> }).details.validationError = {
      fieldViolations: [{ field: err.field, description: err.message.slice(err.field.length + 2) }],
    };
  }
  if (err instanceof TooManyRequestsError) answer.headers["retry-after"] = String(err.retryAfterSeconds);
  if (err.status === 503) answer.headers["retry-after"] = "1";
  if (err.status === 401) answer.headers["www-authenticate"] = 'Bearer realm="secrets"';
  return answer;
}

export function envelope(status: number, code: string, message: string): ApiErrorAnswer {
  return { status, headers: {}, body: { message, details: { applicationError: { code, description: message } } } };
}
