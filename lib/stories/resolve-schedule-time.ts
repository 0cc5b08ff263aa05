import type { z } from "zod";
import { scheduleTimeProblem, WALL_CLOCK_FORMAT_MESSAGE } from "@/lib/core/time-bounds";
import { isValidTimeZone } from "@/lib/core/time-zone";
import { formatWallClock, parseWallClock, wallClockAt, wallClockToInstant } from "@/lib/core/wall-clock";
import { AppError } from "@/lib/errors";
import type { whenSchema } from "./schemas";

/**
 * The instant a story is due, plus the wall-clock time and zone to remember with it (so a brand's
 * 09:00 stays 09:00 when its zone changes offset). Refuses a time outside the schedule window
 * (lib/core/time-bounds.ts): passed, or beyond the horizon of `horizonDays`. The composer checks
 * a wall-clock time with the same rule and words (localScheduleTimeProblem) before it sends it.
 */
export function resolveScheduleTime(
  when: z.output<typeof whenSchema>,
  brandTimeZone: string,
  now: Date,
  horizonDays: number,
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
    if (!wall) throw invalid(WALL_CLOCK_FORMAT_MESSAGE);
    scheduledAt = wallClockToInstant(wall, timeZone);
  } else {
    scheduledAt = new Date(when.at);
  }
  // Checked before anything is derived from it: the freshness deadline, the wall clock to store.
  const problem = scheduleTimeProblem(scheduledAt, now, { horizonDays, timeZone });
  if (problem) throw invalid(problem);
  const scheduledLocal = formatWallClock(wallClockAt(scheduledAt, timeZone));
  return { scheduledAt, scheduledLocal, timeZone };
}
