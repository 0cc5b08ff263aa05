import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { type AuditReader, assertCanReadAudit } from "./list-audit-entries";

/** The people, keys and links that appear in the reader's trail, for the "who" filter. */
export async function listAuditActors(
  db: Db,
  reader: AuditReader,
): Promise<{ value: string; label: string }[]> {
  assertCanReadAudit(reader);
  const base: Prisma.AuditLogWhereInput = {
    workspaceId: reader.workspaceId,
    ...(reader.brandIds !== null ? { brandId: { in: reader.brandIds } } : {}),
  };
  const [users, keys, links] = await Promise.all([
    db.auditLog.findMany({
      where: { ...base, actorUserId: { not: null } },
      distinct: ["actorUserId"],
      select: { actorUserId: true },
    }),
    db.auditLog.findMany({
      where: { ...base, actorApiKeyId: { not: null } },
      distinct: ["actorApiKeyId"],
      select: { actorApiKeyId: true },
    }),
    db.auditLog.findMany({
      where: { ...base, actorReviewLinkId: { not: null } },
      distinct: ["actorReviewLinkId"],
      select: { actorReviewLinkId: true },
    }),
  ]);
  const [people, apiKeys, reviewLinks] = await Promise.all([
    db.user.findMany({
      where: { id: { in: users.map((u) => u.actorUserId as string) } },
      select: { id: true, name: true },
    }),
    db.apiKey.findMany({
      where: { workspaceId: reader.workspaceId, id: { in: keys.map((k) => k.actorApiKeyId as string) } },
      select: { id: true, name: true },
    }),
    db.reviewLink.findMany({
      where: { workspaceId: reader.workspaceId, id: { in: links.map((l) => l.actorReviewLinkId as string) } },
      select: { id: true, label: true },
    }),
  ]);
  const byName = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
  return [
    ...people.map((p) => ({ value: `user:${p.id}`, label: p.name })).sort(byName),
    ...apiKeys.map((k) => ({ value: `apikey:${k.id}`, label: `API key ${k.name}` })).sort(byName),
    ...reviewLinks.map((l) => ({ value: `link:${l.id}`, label: `Review link ${l.label}` })).sort(byName),
  ];
}
