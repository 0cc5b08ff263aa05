import type { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * Parses use-case input, turning zod issues into one INVALID_INPUT error with a message per
 * field, which forms show next to the field and the API returns with its path.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join(".") || "_";
    fields[path] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([path, message]) => (path === "_" ? message : `${path}: ${message}`))
    .join("; ");
  throw new AppError("INVALID_INPUT", summary, { fields });
}
