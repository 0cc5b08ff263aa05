/**
 * IANA time-zone names, checked against the zone database the runtime ships (the same one
 * that converts brand wall-clock times), so a zone we accept is a zone we can compute with.
 */

let zones: Set<string> | undefined;

function supportedZones(): Set<string> {
  zones ??= new Set(Intl.supportedValuesOf("timeZone"));
  return zones;
}

/** Zones offered in pickers, sorted: canonical names plus UTC. */
export function listTimeZones(): string[] {
  return [...new Set([...supportedZones(), "UTC"])].sort();
}

/**
 * True for a canonical IANA name or a link the runtime resolves (e.g. "Asia/Calcutta").
 * Offsets like "+02:00" and abbreviations like "CET" are refused: a brand's zone must follow
 * daylight-saving rules, which a fixed offset does not.
 */
export function isValidTimeZone(name: string): boolean {
  if (!/^[A-Za-z]+(?:[/_-][A-Za-z0-9+-]+)*$/.test(name)) return false;
  if (name === "UTC" || supportedZones().has(name)) return true;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
    return resolved.includes("/") && supportedZones().has(resolved);
  } catch {
    return false;
  }
}

/** "UTC+02:00"-style offset of a zone at an instant, for labels. */
export function formatUtcOffset(timeZone: string, at: Date = new Date()): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  return part === "GMT" || part === undefined ? "UTC+00:00" : part.replace("GMT", "UTC");
}
