import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/lib/core/opaque-cursor";
import { can, type Role } from "@/lib/core/roles";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import {
  type AuditGroup,
  actionsInGroup,
  auditActionGroup,
  auditActionLabel,
  isAuditGroup,
  knownAuditActions,
} from "./audit-labels";
import { shortUserAgent } from "./short-user-agent";

/**
 * Who reads the trail: the part of the workspace context this needs, spelled out because
 * lib/workspaces sits above lib/audit (docs/architecture.md, layers).
 */
export type AuditReader = { workspaceId: string; role: Role; brandIds: string[] | null };

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-01.")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "Not a real date.");

const actor = z.string().regex(/^(user|apikey|link):[A-Za-z0-9_-]{1,64}$/, "Pick someone from the list.");

export const auditFiltersSchema = z
  .strictObject({
    actor: z.union([z.literal(""), actor]).optional(),
    group: z
      .string()
      .optional()
      .refine((value) => !value || isAuditGroup(value), "Pick a group from the list."),
    brandId: z.string().max(64).optional(),
    /** UTC calendar days, inclusive: the trail spans brands in many zones, so one neutral clock. */
    from: z.union([z.literal(""), day]).optional(),
    to: z.union([z.literal(""), day]).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: "The start is after the end.",
    path: ["to"],
  });

export type AuditFilters = z.input<typeof auditFiltersSchema>;

const cursorSchema = z.object({ c: z.iso.datetime(), i: z.string().min(1).max(64) });

export const AUDIT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

export type AuditActorView =
  | { kind: "member"; id: string; name: string }
  | { kind: "apiKey"; id: string; name: string }
  | { kind: "reviewLink"; id: string; name: string; clientName: string | null }
  | { kind: "deletedUser" }
  | { kind: "cli" }
  | { kind: "system" };

type Named = { id: string; name: string; exists: boolean } | null;

export type AuditEntryView = {
  id: string;
  at: Date;
  action: string;
  label: string;
  group: AuditGroup;
  actor: AuditActorView;
  entityType: string;
  entityId: string;
  brand: Named;
  story: Named;
  channel: Named;
  ip: string | null;
  userAgent: string | null;
  shortUserAgent: string;
  data: unknown;
};

export function assertCanReadAudit(reader: AuditReader): void {
  if (!can(reader.role, "audit:view")) {
    throw new AppError(
      "FORBIDDEN",
      `Your role (${reader.role.toLowerCase()}) cannot read the audit log: ask an owner or admin.`,
    );
  }
}

/** The Prisma filter for the reader's entries under these filters (also used by the CSV export). */
export async function auditWhere(
  db: Db,
  reader: AuditReader,
  filters: AuditFilters,
): Promise<Prisma.AuditLogWhereInput> {
  assertCanReadAudit(reader);
  const f = parseInput(auditFiltersSchema, filters);
  const and: Prisma.AuditLogWhereInput[] = [{ workspaceId: reader.workspaceId }];
  // An admin limited to some brands reads only what is about those brands.
  if (reader.brandIds !== null) and.push({ brandId: { in: reader.brandIds } });
  if (f.brandId) {
    const brand = await db.brand.findFirst({
      where: { id: f.brandId, workspaceId: reader.workspaceId },
      select: { id: true },
    });
    if (!brand || (reader.brandIds !== null && !reader.brandIds.includes(brand.id)))
      throw new AppError("NOT_FOUND", "This brand does not exist in this workspace.");
    and.push({ brandId: brand.id });
  }
  if (f.actor) {
    const [kind, id] = f.actor.split(":") as [string, string];
    and.push(
      kind === "user"
        ? { actorUserId: id }
        : kind === "apikey"
          ? { actorApiKeyId: id }
          : { actorReviewLinkId: id },
    );
  }
  if (f.group) {
    const group = f.group as AuditGroup;
    and.push(
      group === "other"
        ? { action: { notIn: knownAuditActions() } }
        : { action: { in: actionsInGroup(group) } },
    );
  }
  if (f.from) and.push({ createdAt: { gte: new Date(`${f.from}T00:00:00Z`) } });
  if (f.to) and.push({ createdAt: { lt: new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000) } });
  return { AND: and };
}

/**
 * One page of the workspace's audit trail, newest first, for owners and admins (others are
 * refused: the trail names every member, their IPs and clients' e-mail addresses). Each entry
 * comes with the names a person reads (member, API key, review link; brand, story, channel, and
 * whether each still exists). Another workspace's entries are never read: every query is scoped.
 */
export async function listAuditEntries(
  db: Db,
  reader: AuditReader,
  filters: AuditFilters,
  page: { cursor?: string | null; limit?: number } = {},
): Promise<{ entries: AuditEntryView[]; nextCursor: string | null }> {
  const where = await auditWhere(db, reader, filters);
  const limit = Math.min(Math.max(1, page.limit ?? AUDIT_PAGE_SIZE), MAX_PAGE_SIZE);
  const after = page.cursor ? decodeCursor(cursorSchema, page.cursor) : null;
  const rows = await db.auditLog.findMany({
    where: after
      ? {
          AND: [
            where,
            // Redundant with the OR below, but it is what lets the index start at the cursor: with
            // the OR alone Postgres walks every newer entry first (bench/data-growth.ts, deep page).
            { createdAt: { lte: new Date(after.c) } },
            {
              OR: [
                { createdAt: { lt: new Date(after.c) } },
                { createdAt: new Date(after.c), id: { lt: after.i } },
              ],
            },
          ],
        }
      : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: { actorUser: { select: { name: true } } },
  });
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const entries = await describeEntries(db, reader.workspaceId, shown);
  const last = shown.at(-1);
  return {
    entries,
    nextCursor: more && last ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id }) : null,
  };
}

type Row = Prisma.AuditLogGetPayload<{ include: { actorUser: { select: { name: true } } } }>;

async function describeEntries(db: Db, workspaceId: string, rows: Row[]): Promise<AuditEntryView[]> {
  const ids = (pick: (row: Row) => string | null) => [
    ...new Set(rows.map(pick).filter((id): id is string => id !== null)),
  ];
  const scoped = (list: string[]) => ({ where: { workspaceId, id: { in: list } } });
  const [keys, links, brands, stories, channels] = await Promise.all([
    db.apiKey.findMany({ ...scoped(ids((r) => r.actorApiKeyId)), select: { id: true, name: true } }),
    db.reviewLink.findMany({ ...scoped(ids((r) => r.actorReviewLinkId)), select: { id: true, label: true } }),
    db.brand.findMany({ ...scoped(ids((r) => r.brandId)), select: { id: true, name: true } }),
    db.story.findMany({ ...scoped(ids((r) => r.storyId)), select: { id: true, title: true } }),
    db.channel.findMany({ ...scoped(ids((r) => r.channelId)), select: { id: true, displayName: true } }),
  ]);
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((item) => [item.id, item]));
  const keyOf = byId(keys);
  const linkOf = byId(links);
  const brandOf = byId(brands);
  const storyOf = byId(stories);
  const channelOf = byId(channels);
  const named = (id: string | null, name: string | undefined, gone: string): Named =>
    id === null ? null : { id, name: name ?? gone, exists: name !== undefined };

  return rows.map((row) => {
    const data = row.data as Record<string, unknown> | null;
    const clientName = typeof data?.name === "string" ? data.name : null;
    const actor: AuditActorView = row.actorReviewLinkId
      ? {
          kind: "reviewLink",
          id: row.actorReviewLinkId,
          name: linkOf.get(row.actorReviewLinkId)?.label ?? "a deleted review link",
          clientName,
        }
      : row.actorApiKeyId
        ? {
            kind: "apiKey",
            id: row.actorApiKeyId,
            name: keyOf.get(row.actorApiKeyId)?.name ?? "a deleted key",
          }
        : row.actorUser && row.actorUserId
          ? { kind: "member", id: row.actorUserId, name: row.actorUser.name }
          : data?.via === "cli"
            ? { kind: "cli" }
            : hadPerson(row.action)
              ? { kind: "deletedUser" }
              : { kind: "system" };
    const story = storyOf.get(row.storyId ?? "");
    return {
      id: row.id,
      at: row.createdAt,
      action: row.action,
      label: auditActionLabel(row.action),
      group: auditActionGroup(row.action),
      actor,
      entityType: row.entityType,
      entityId: row.entityId,
      brand: named(row.brandId, brandOf.get(row.brandId ?? "")?.name, "a deleted brand"),
      story: named(row.storyId, story ? story.title || "Untitled story" : undefined, "a deleted story"),
      channel: named(row.channelId, channelOf.get(row.channelId ?? "")?.displayName, "a deleted channel"),
      ip: row.ip,
      userAgent: row.userAgent,
      shortUserAgent: shortUserAgent(row.userAgent),
      data: row.data,
    };
  });
}

/**
 * Entries with neither user, key nor link: the workers' own (none today) or a person whose
 * account was deleted since (the user's deletion sets actorUserId to null). Every action in the
 * label table is done by someone, so an entry of one of them without an actor lost its person.
 */
function hadPerson(action: string): boolean {
  return knownAuditActions().includes(action);
}
