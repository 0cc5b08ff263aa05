import type { UserTag } from "../core/entities";
import { invalidParameter } from "./graph-error";

/** Instagram's documented cap on tagged users in one piece of media. */
const MAX_USER_TAGS = 20;
const USERNAME = /^[A-Za-z0-9._]{1,30}$/;

/**
 * Parses a STORIES container's `user_tags` (a JSON array of {username, x, y}, x and y in 0..1):
 * what Instagram accepts for story mentions since July 2025. Anything else is refused as (#100),
 * so an adapter that sends a wrong shape finds out here rather than on a real account.
 */
export function parseUserTags(raw: string | undefined): UserTag[] {
  if (raw === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalidParameter("Param user_tags must be a JSON array of {username, x, y}");
  }
  if (!Array.isArray(value))
    throw invalidParameter("Param user_tags must be a JSON array of {username, x, y}");
  if (value.length > MAX_USER_TAGS)
    throw invalidParameter(`Param user_tags has at most ${MAX_USER_TAGS} entries`);
  return value.map((entry, index): UserTag => {
    const tag = (entry ?? {}) as Record<string, unknown>;
    if (typeof tag.username !== "string" || !USERNAME.test(tag.username)) {
      throw invalidParameter(`Param user_tags[${index}][username] must be an Instagram username`);
    }
    for (const axis of ["x", "y"] as const) {
      const at = tag[axis];
      if (typeof at !== "number" || !Number.isFinite(at) || at < 0 || at > 1) {
        throw invalidParameter(`Param user_tags[${index}][${axis}] must be a number between 0 and 1`);
      }
    }
    return { username: tag.username, x: tag.x as number, y: tag.y as number };
  });
}
