import { z } from "zod";

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

const percent = z.coerce.number().finite().catch(0);

const appUsageSchema = z.object({
  call_count: percent.default(0),
  total_time: percent.default(0),
  total_cputime: percent.default(0),
});

const bucEntrySchema = z.object({
  type: z.string().catch("unknown").default("unknown"),
  call_count: percent.default(0),
  total_time: percent.default(0),
  total_cputime: percent.default(0),
  estimated_time_to_regain_access: percent.default(0),
});

const bucSchema = z.record(z.string(), z.array(bucEntrySchema));

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

  const app = appUsageSchema.safeParse(appRaw);
  const buc = bucSchema.safeParse(bucRaw);
  const businessUseCases: BusinessUseCaseUsage[] = [];
  if (buc.success) {
    for (const [accountId, entries] of Object.entries(buc.data)) {
      for (const entry of entries) {
        businessUseCases.push({
          accountId,
          type: entry.type,
          callCount: entry.call_count,
          totalTime: entry.total_time,
          totalCputime: entry.total_cputime,
          estimatedTimeToRegainAccessMin: entry.estimated_time_to_regain_access,
        });
      }
    }
  }
  const appUsage = app.success
    ? { callCount: app.data.call_count, totalTime: app.data.total_time, totalCputime: app.data.total_cputime }
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
