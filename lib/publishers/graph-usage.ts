/** One budget from X-Business-Use-Case-Usage (per Page / Instagram account and use-case type). */
export interface BusinessUseCaseUsage {
  accountId: string;
  type: string;
  /** Percent of the budget used (0–100+). */
  callCount: number;
  totalTime: number;
  totalCputime: number;
  /** Minutes until calls are accepted again; 0 when not throttled. */
  estimatedTimeToRegainAccessMin: number;
}

/**
 * Meta's usage headers, parsed. The numbers are percentages of a budget over a rolling hour; a
 * caller should slow down well before 100 (Meta starts refusing at 100).
 */
export interface GraphUsage {
  app?: { callCount: number; totalTime: number; totalCputime: number };
  businessUseCases: BusinessUseCaseUsage[];
  /** The highest percentage of any budget in the headers; 0 when there were none. */
  maxPercent: number;
  /** The longest `estimated_time_to_regain_access` in the headers, in ms; 0 when none. */
  regainAccessMs: number;
}

type Fields = Record<string, unknown>;

// Plain checks rather than zod schemas: every Graph answer carries these headers, and parsing them
// through zod was a visible share of a publish worker's CPU (issue 17, decision 044).
function isFields(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A percentage as Meta sends it (a number, sometimes a numeric string); anything else counts as 0. */
function percentOf(value: unknown): number {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? number : 0;
}

function parseHeader(value: string | null): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * Reads X-App-Usage and X-Business-Use-Case-Usage. A malformed header is ignored rather than
 * failing the call that carried it: usage is advice, the answer is what matters. Returns
 * undefined when neither header is present.
 */
export function parseGraphUsage(headers: Pick<Headers, "get">): GraphUsage | undefined {
  const appRaw = parseHeader(headers.get("x-app-usage"));
  const bucRaw = parseHeader(headers.get("x-business-use-case-usage"));
  if (appRaw === undefined && bucRaw === undefined) return undefined;

  const businessUseCases: BusinessUseCaseUsage[] = [];
  if (isFields(bucRaw)) {
    for (const [accountId, entries] of Object.entries(bucRaw)) {
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        if (!isFields(entry)) continue;
        businessUseCases.push({
          accountId,
          type: typeof entry.type === "string" ? entry.type : "unknown",
          callCount: percentOf(entry.call_count),
          totalTime: percentOf(entry.total_time),
          totalCputime: percentOf(entry.total_cputime),
          estimatedTimeToRegainAccessMin: percentOf(entry.estimated_time_to_regain_access),
        });
      }
    }
  }
  const appUsage = isFields(appRaw)
    ? {
        callCount: percentOf(appRaw.call_count),
        totalTime: percentOf(appRaw.total_time),
        totalCputime: percentOf(appRaw.total_cputime),
      }
    : undefined;
  const percents = [
    ...(appUsage ? [appUsage.callCount, appUsage.totalTime, appUsage.totalCputime] : []),
    ...businessUseCases.flatMap((entry) => [entry.callCount, entry.totalTime, entry.totalCputime]),
  ];
  const regainMinutes = Math.max(0, ...businessUseCases.map((entry) => entry.estimatedTimeToRegainAccessMin));
  return {
    app: appUsage,
    businessUseCases,
    maxPercent: Math.max(0, ...percents),
    regainAccessMs: regainMinutes * 60_000,
  };
}
