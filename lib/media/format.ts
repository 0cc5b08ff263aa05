/**
 * "100 MB", "1.5 GB": binary units, so the default limit of 100 MiB reads as the round number it
 * is. `round: "up"` is for a size that broke a limit: 100 MiB and one byte must not read "100 MB".
 */
export function formatBytes(bytes: number, round: "nearest" | "up" = "nearest"): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} ${value === 1 ? "byte" : "bytes"}`;
  const tenths = round === "up" ? Math.ceil(value * 10) : Math.round(value * 10);
  return `${tenths / 10} ${units[unit]}`;
}

// Bidirectional overrides and isolates: a name like "gpj.exe\u202Emp4" would display as
// something it is not.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * The uploader's file name, made safe to show: only the last path segment, no control or
 * bidirectional characters, trimmed to 255 characters. Display only: it is never part of a
 * storage key or a URL.
 */
export function displayName(originalName: string): string {
  const base = originalName.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(CONTROL_CHARACTERS, "")
    .replace(BIDI_CONTROLS, "")
    .replace(/\s+/g, " ")
    .trim();
  return Array.from(cleaned).slice(0, 255).join("") || "upload";
}
