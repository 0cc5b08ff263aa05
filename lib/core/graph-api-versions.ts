import { formatNamedInstant } from "./instant-format";
import type { SetupCheck } from "./setup-check";

/**
 * Graph API versions and the day Meta stops answering them, from Meta's "Graph API changelog:
 * Versions" page (developers.facebook.com, read December 2026). Meta guarantees a version for two
 * years after its successor is released and names the date once the successor is out; `null`
 * means no date has been announced yet. Add a row when Meta releases a version.
 */
export const GRAPH_API_VERSIONS: Record<string, { released: string; expires: string | null }> = {
  "v26.0": { released: "2026-07-29", expires: null },
  "v25.0": { released: "2026-02-18", expires: "2028-07-29" },
  "v24.0": { released: "2025-10-08", expires: "2028-02-18" },
  "v23.0": { released: "2025-05-29", expires: "2027-10-08" },
  "v22.0": { released: "2025-01-21", expires: "2027-05-20" },
  "v21.0": { released: "2024-10-02", expires: "2027-01-21" },
  "v20.0": { released: "2024-05-21", expires: "2026-09-24" },
  "v19.0": { released: "2024-01-23", expires: "2026-05-21" },
  "v18.0": { released: "2023-09-12", expires: "2026-01-26" },
  "v17.0": { released: "2023-05-23", expires: "2025-09-12" },
  "v16.0": { released: "2023-02-02", expires: "2025-05-14" },
};

/** How far ahead of a version's end the doctor starts warning. */
export const GRAPH_VERSION_WARN_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The newest version in the table: what to move to. */
export function newestGraphVersion(): string {
  return Object.keys(GRAPH_API_VERSIONS).sort(
    (a, b) => Number.parseFloat(b.slice(1)) - Number.parseFloat(a.slice(1)),
  )[0] as string;
}

/**
 * The configured Graph API version against Meta's published end of life: passes while it has
 * more than 90 days left, warns inside them (and for a version the table does not know), fails
 * once Meta has retired it. A retired version is not refused by Meta outright: calls are served
 * by the oldest live version instead, which can change answers under our feet.
 */
export function checkGraphVersion(version: string, now: Date): SetupCheck {
  const base = { id: "graph-version", title: `Graph API version ${version}` };
  const newest = newestGraphVersion();
  const fix = `Set META_GRAPH_VERSION=${newest} (the newest version Meta has released), test a story on a real channel, and restart.`;
  const known = GRAPH_API_VERSIONS[version];
  if (!known) {
    return {
      ...base,
      status: "warn",
      detail: `${version} is not in StoryRelay's table of Meta's versions (newest known: ${newest}), so its end of life is unknown.`,
      fix: `Check ${version} on Meta's Graph API changelog, or set META_GRAPH_VERSION=${newest}.`,
    };
  }
  if (!known.expires) {
    return {
      ...base,
      status: "pass",
      detail: `${version} is current: Meta has not announced its end of life yet.`,
      fix: "",
    };
  }
  const expires = new Date(`${known.expires}T00:00:00Z`);
  const when = formatNamedInstant(expires, "UTC", "date", now);
  const daysLeft = Math.ceil((expires.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft <= 0) {
    return {
      ...base,
      status: "fail",
      detail: `Meta retired ${version} on ${when}; calls are answered by an older behaviour or refused.`,
      fix,
    };
  }
  if (daysLeft <= GRAPH_VERSION_WARN_DAYS) {
    return {
      ...base,
      status: "warn",
      detail: `Meta retires ${version} on ${when}, in ${daysLeft} ${daysLeft === 1 ? "day" : "days"}.`,
      fix,
    };
  }
  return { ...base, status: "pass", detail: `Meta supports ${version} until ${when}.`, fix: "" };
}
