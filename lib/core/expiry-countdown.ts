const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function amount(ms: number): string {
  const [count, unit] =
    ms >= 2 * DAY_MS
      ? [Math.floor(ms / DAY_MS), "day"]
      : ms >= 2 * HOUR_MS
        ? [Math.floor(ms / HOUR_MS), "hour"]
        : [Math.max(1, Math.floor(ms / MINUTE_MS)), "minute"];
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/**
 * A token's expiry as a countdown a person reads at a glance: "expires in 5 days", "expires in
 * 20 hours", "expired 3 days ago". Rounded down, so it never promises more time than is left
 * (6 days 23 hours reads "6 days"); the exact instant is shown beside it.
 */
export function expiryCountdown(expiresAt: Date, now: Date): string {
  const left = expiresAt.getTime() - now.getTime();
  return left > 0 ? `expires in ${amount(left)}` : `expired ${amount(-left)} ago`;
}
