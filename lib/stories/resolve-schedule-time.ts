import type { z } from "zod";
import { isValidTimeZone } from "@/lib/core/time-zone";
import { formatWallClock, parseWallClock, wallClockAt, wallClockToInstant } from "@/lib/core/wall-clock";
import { AppError } from "@/lib/errors";
import type { whenSchema } from "./schemas";

/** A story may be scheduled this far in the past (a form submitted at 09:00:30 for 09:00). */
const PAST_GRACE_MS = 60_000;

/**
 * The instant a story is due, plus the wall-clock time and zone to remember with it (so a brand's
 * 09:00 stays 09:00 when its zone changes offset).
 */
export function resolveScheduleTime(
  when: z.output<typeof whenSchema>,
  brandTimeZone: string,
  now: Date,
): { scheduledAt: Date; scheduledLocal: string; timeZone: string } {
  const invalid = (message: string) => new AppError("INVALID_INPUT", message, { fields: { when: message } });
  let scheduledAt: Date;
  let timeZone = brandTimeZone;
  if ("now" in when) {
    scheduledAt = now;
  } else if ("local" in when) {
    timeZone = when.timeZone ?? brandTimeZone;
    if (!isValidTimeZone(timeZone)) throw invalid(`"${timeZone}" is not a known IANA time zone.`);
    const wall = parseWallClock(when.local);
    if (!wall) throw invalid("Use a date and time like 2026-12-01T09:00.");
    scheduledAt = wallClockToInstant(wall, timeZone);
  } else {
    scheduledAt = new Date(when.at);
  }
  const scheduledLocal = formatWallClock(wallClockAt(scheduledAt, timeZone));
  if (scheduledAt.getTime() < now.getTime() - PAST_GRACE_MS) {
    throw invalid(
      `That time has passed (${scheduledLocal.replace("T", " ")} ${timeZone}). Pick a later time or publish now.`,
    );
  }
  return { scheduledAt, scheduledLocal, timeZone };
}
