import type { z } from "zod";
import { type AppError, type AppErrorCode, isAppError } from "@/lib/errors";
import type { problemSchema } from "./resources";

type Problem = z.input<typeof problemSchema>;

/** The one place AppError codes become HTTP statuses for the API. */
const STATUS: Record<AppErrorCode, { status: number; title: string }> = {
  INVALID_INPUT: { status: 422, title: "Invalid input" },
  UNAUTHENTICATED: { status: 401, title: "Unauthenticated" },
  FORBIDDEN: { status: 403, title: "Forbidden" },
  NOT_FOUND: { status: 404, title: "Not found" },
  CONFLICT: { status: 409, title: "Conflict" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  INVITE_UNUSABLE: { status: 410, title: "Gone" },
};

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const problemType = (slug: string) => `/api-reference#problem-${slug}`;

/** RFC 9457 body for a domain error; field errors carry their dotted path and a JSON Pointer. */
export function problemFor(error: AppError, instance: string): Problem {
  const { status, title } = STATUS[error.code];
  const fields = Object.entries(error.details.fields ?? {});
  return {
    type: problemType(error.code.toLowerCase().replaceAll("_", "-")),
    title,
    status,
    detail: error.message,
    instance,
    code: error.code,
    ...(fields.length > 0 && {
      errors: fields.map(([field, detail]) => ({ field, pointer: toPointer(field), detail })),
    }),
  };
}

/** A problem that is not a domain error (unparsable JSON, a bug). */
export function plainProblem(status: number, code: string, detail: string, instance: string): Problem {
  return {
    type: problemType(code.toLowerCase().replaceAll("_", "-")),
    title: code,
    status,
    detail,
    instance,
    code,
  };
}

function toPointer(field: string): string {
  if (field === "_") return "";
  return `/${field
    .split(".")
    .map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1"))
    .join("/")}`;
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...headers },
  });
}

/** Extra headers a problem needs: Retry-After for 429, the auth scheme for 401. */
export function problemHeaders(error: unknown): Record<string, string> {
  if (isAppError(error, "RATE_LIMITED"))
    return { "retry-after": String(error.details.retryAfterSeconds ?? 60) };
  if (isAppError(error, "UNAUTHENTICATED")) return { "www-authenticate": 'Bearer realm="storyrelay"' };
  return {};
}
