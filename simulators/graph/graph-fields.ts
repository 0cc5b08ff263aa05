import type { SimRequest } from "../http/read-request";

/** The `fields` parameter as a set; `fallback` when the caller did not ask for any. */
export function requestedFields(req: SimRequest, fallback: readonly string[]): Set<string> {
  const raw = req.params.get("fields");
  if (!raw) return new Set(fallback);
  // Nested selections like owner{id} are answered in full: keep the top-level name.
  return new Set(
    raw
      .replace(/\{[^}]*\}/g, "")
      .split(",")
      .map((field) => field.trim())
      .filter(Boolean),
  );
}

/** Keeps `id` plus the fields asked for, the way Graph trims its answers. */
export function pickFields(all: Record<string, unknown>, fields: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (all[field] !== undefined) out[field] = all[field];
  }
  if (all.id !== undefined) out.id = all.id;
  return out;
}

/** Graph timestamps: ISO 8601 with a "+0000" offset and no milliseconds. */
export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}

export function mediaUrl(origin: string, sha256: string): string {
  return `${origin}/_sim/media/${sha256}`;
}
