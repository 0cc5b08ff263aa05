/** URL-safe slug from a display name: lowercase ASCII letters, digits and single dashes. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return slug || "workspace";
}

/** Slugs that would collide with the app's own routes under /w/. */
export const RESERVED_SLUGS = new Set(["new", "api", "admin", "settings", "invite"]);
