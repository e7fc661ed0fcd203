/**
 * The largest server action request body. The biggest legitimate input is a
 * secret value (64 KiB) in a form; four times that leaves room for encoding.
 * next.config.ts gives Next the same limit ("256kb"); lib/server/serve.ts answers 413 above it.
 */
export const ACTION_BODY_LIMIT_BYTES = 256 * 1024;
