import { createHash } from "node:crypto";

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * A small generated avatar (initials on a colour drawn from the id), so the inbox has a real
 * image to show for a sandbox person's profile_pic. Unknown ids get a neutral one, as a CDN
 * would still answer for a stale URL.
 */
export function avatarSvg(id: string, name: string | undefined): string {
  const hue = Number.parseInt(createHash("sha256").update(id).digest("hex").slice(0, 4), 16) % 360;
  const initials =
    (name ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => [...word][0]?.toUpperCase() ?? "")
      .join("") || "?";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><rect width="128" height="128" rx="64" fill="hsl(${hue},55%,45%)"/><text x="64" y="64" dy=".35em" text-anchor="middle" font-family="system-ui,sans-serif" font-size="52" font-weight="600" fill="#fff">${escapeXml(initials)}</text></svg>`;
}
