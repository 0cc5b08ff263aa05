import type { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * Parses use-case input, turning zod issues into one INVALID_INPUT error with a message per
 * field, which forms show next to the field and the API returns with its path.
 *
 * Text that cannot be stored is refused first, wherever it sits in the input (see
 * `findUnsafeText`), so every route and action that parses its input gets the same rule.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  assertSafeText(input);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  // A Map, not an object literal: a field may be named "__proto__".
  const found = new Map<string, string>();
  const note = (path: string, message: string) => {
    if (!found.has(path)) found.set(path, message);
  };
  for (const issue of result.error.issues) {
    // A strict schema reports unknown keys on their object: name each key, as a typo is fixed there.
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) note([...issue.path, shortened(key)].join("."), UNKNOWN_FIELD_MESSAGE);
      continue;
    }
    note(issue.path.join(".") || "_", issue.message);
  }
  const fields = Object.fromEntries(found);
  const summary = Object.entries(fields)
    .map(([path, message]) => (path === "_" ? message : `${path}: ${message}`))
    .join("; ");
  throw new AppError("INVALID_INPUT", summary, { fields });
}

/** A key named in a refusal is echoed in the answer; a megabyte-long one is not worth echoing whole. */
function shortened(key: string): string {
  return key.length > 100 ? `${key.slice(0, 100)}…` : key;
}

export const UNKNOWN_FIELD_MESSAGE =
  "Unknown field: it is not part of this request. Check its spelling, or leave it out.";
export const NUL_MESSAGE = "Contains a NUL character (\\u0000), which text may not hold.";
export const SURROGATE_MESSAGE = "Contains invalid Unicode (a lone surrogate), which text may not hold.";

// A UTF-16 surrogate without its partner: JSON can carry one ("\ud800"), UTF-8 cannot encode it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | undefined {
  if (text.includes("\u0000")) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(text)) return SURROGATE_MESSAGE;
  return undefined;
}

/**
 * The first string in `value` (a key or a value, at any depth, a file's name included) that
 * Postgres would refuse — a NUL byte fails a text column with 22021 — or that is not Unicode at
 * all. Returns its dotted path, as field errors name fields, and the reason.
 */
export function findUnsafeText(
  value: unknown,
  path: readonly (string | number)[] = [],
): { field: string; message: string } | undefined {
  const here = () => path.join(".") || "_";
  if (typeof value === "string") {
    const message = textProblem(value);
    return message ? { field: here(), message } : undefined;
  }
  if (typeof File !== "undefined" && value instanceof File) {
    const message = textProblem(value.name);
    return message ? { field: here(), message: `File name: ${message}` } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnsafeText(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) {
        return { field: [...path, shortened(key)].join("."), message: `Field name: ${keyProblem}` };
      }
      const found = findUnsafeText(item, [...path, shortened(key)]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Throws INVALID_INPUT naming the field when `value` holds text that cannot be stored. */
export function assertSafeText(value: unknown, path: readonly (string | number)[] = []): void {
  const found = findUnsafeText(value, path);
  if (found) {
    throw new AppError("INVALID_INPUT", `${found.field}: ${found.message}`, {
      fields: { [found.field]: found.message },
    });
  }
}
