import {
  type AnalyticsPeriodKind,
  customRangeProblem,
  type DateRange,
  presetRange,
} from "@/lib/core/analytics-period";
import { dateInZone } from "@/lib/core/plain-date";

export type ChosenPeriod = { kind: AnalyticsPeriodKind; range: DateRange; problem: string | null };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The range an analytics page shows, from its query: `period=week|month` (the last 7 or 30 days
 * to today in `timeZone`), or `period=custom&from=&to=`. A custom range that is not one shows the
 * last month with the problem beside the form, rather than a page of nothing.
 */
export function chosenPeriod(
  search: Record<string, string | string[] | undefined>,
  timeZone: string,
  now = new Date(),
): ChosenPeriod {
  const today = dateInZone(now, timeZone);
  const period = first(search.period);
  if (period === "week") return { kind: "week", range: presetRange("week", today), problem: null };
  if (period === "custom") {
    const from = first(search.from) ?? "";
    const to = first(search.to) ?? "";
    const problem = customRangeProblem(from, to);
    if (!problem) return { kind: "custom", range: { from, to }, problem: null };
    return { kind: "custom", range: presetRange("month", today), problem };
  }
  return { kind: "month", range: presetRange("month", today), problem: null };
}
