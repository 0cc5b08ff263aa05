import { wallClockAt } from "./wall-clock";

// The one shape every date and time takes, on a screen or in an e-mail: "Sat 5 Dec, 14:00" in
// the reader's locale, with the year only when it is not this year's. Screens go through
// app/_components/local-time.tsx (which picks the viewer's zone and locale and names any other
// zone); server-written text (mail, notifications, the pipeline's messages) uses formatNamedInstant,
// which always names the zone because it cannot know the reader's. Nothing else in app/ or lib/
// builds an Intl.DateTimeFormat or calls toLocaleString/toUTCString for display
// (app/date-format-guard.test.ts keeps it so).

export type TimeStyle = "date-time" | "date-time-seconds" | "weekday-time" | "date";

const OPTIONS: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  "date-time": { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" },
  // Attempt logs, where two steps a few seconds apart must read apart.
  "date-time-seconds": {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  },
  // Within a week already shown (the calendar): the day's name is enough.
  "weekday-time": { weekday: "short", hour: "2-digit", minute: "2-digit" },
  date: { weekday: "short", day: "numeric", month: "short" },
};

/** The locale of text written on the server (mail, the server's first render): a fixed one. */
export const SERVER_LOCALE = "en-GB";

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, style: TimeStyle, withYear: boolean, locale: string | undefined) {
  const key = `${timeZone}|${style}|${withYear}|${locale ?? ""}`;
  let cached = formats.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, {
      ...OPTIONS[style],
      ...(withYear ? { year: "numeric" } : {}),
      timeZone,
    });
    formats.set(key, cached);
  }
  return cached;
}

/**
 * `instant` in `timeZone`, e.g. "Sat 5 Dec, 14:00" (en-GB) or "Sat, Dec 5, 02:00 PM" (en-US); the
 * year is added when it differs from `now`'s there, so "1 Mar" never silently means 2099.
 * `locale` undefined is the runtime's own (the browser's, on a screen).
 */
export function formatInstant(
  instant: Date,
  timeZone: string,
  style: TimeStyle = "date-time",
  locale: string | undefined = undefined,
  now: Date = new Date(),
): string {
  const withYear =
    style !== "weekday-time" && wallClockAt(instant, timeZone).year !== wallClockAt(now, timeZone).year;
  return format(timeZone, style, withYear, locale).format(instant);
}

/**
 * For text written on the server: "Sat 5 Dec, 14:00 (Europe/Berlin)", the zone always named. Pure
 * rules that take their own `now` (time-bounds) pass it, so the year shows by the same clock.
 */
export function formatNamedInstant(
  instant: Date,
  timeZone: string,
  style: TimeStyle = "date-time",
  now: Date = new Date(),
): string {
  return `${formatInstant(instant, timeZone, style, SERVER_LOCALE, now)} (${timeZone})`;
}

const dayFormats = {
  day: new Intl.DateTimeFormat(SERVER_LOCALE, {
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
  }),
  month: new Intl.DateTimeFormat(SERVER_LOCALE, { timeZone: "UTC", month: "long", year: "numeric" }),
};

/**
 * A calendar day ("2027-03-16", no time, no zone: the day a calendar cell stands for) as "Tue 16
 * Mar", or its month as "March 2027".
 */
export function formatCalendarDay(date: string, style: keyof typeof dayFormats = "day"): string {
  return dayFormats[style].format(new Date(`${date}T00:00:00Z`));
}
