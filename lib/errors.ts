/**
 * The one error type the domain core throws. `app/` maps codes to HTTP statuses and form
 * messages, `workers/` maps them to job outcomes; the message is meant for a person and says
 * what to do next.
 */
export const APP_ERROR_CODES = {
  /** Input failed validation; `fields` says which. */
  INVALID_INPUT: "INVALID_INPUT",
  /** Not signed in, or the credentials are wrong. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** Signed in, but the role does not allow this. */
  FORBIDDEN: "FORBIDDEN",
  /** Does not exist, or belongs to a workspace the caller cannot see (never told apart). */
  NOT_FOUND: "NOT_FOUND",
  /** Conflicts with existing data (an e-mail already registered, a duplicate brand name). */
  CONFLICT: "CONFLICT",
  /** Too many attempts; `retryAfterSeconds` says when to come back. */
  RATE_LIMITED: "RATE_LIMITED",
  /** An invite link that expired, was used or was revoked. */
  INVITE_UNUSABLE: "INVITE_UNUSABLE",
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: { fields?: Record<string, string>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** A thrown value's message, for logs and reasons shown to a person (anything can be thrown). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
