import type { AuditFilters } from "@/lib/audit/list-audit-entries";

const FILTER_NAMES = ["actor", "group", "brandId", "from", "to"] as const;

/** The filters from the page's query string: only known names, one value each. */
export function filtersOf(query: Record<string, string | string[] | undefined>): AuditFilters {
  const filters: Record<string, string> = {};
  for (const name of FILTER_NAMES) {
    const value = query[name];
    const one = Array.isArray(value) ? value[0] : value;
    if (one) filters[name] = one;
  }
  return filters;
}

/** The query string of these filters (and a cursor), for links that keep them. */
export function queryOf(filters: AuditFilters, cursor?: string): string {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  if (cursor) params.set("cursor", cursor);
  const text = params.toString();
  return text ? `?${text}` : "";
}
