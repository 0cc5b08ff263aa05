/**
 * Who may approve a story of a brand, as the composer and the story page say it: the roles that
 * hold "stories:approve" (lib/core/roles.ts), on that brand.
 */
export function reviewersOf(brandName: string): string {
  return `an approver, an admin or an owner of ${brandName}`;
}
