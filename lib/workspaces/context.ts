import type { RequestOrigin } from "@/lib/audit/request-origin";
import { can, type Permission, type Role } from "@/lib/core/roles";
import { AppError } from "@/lib/errors";

/**
 * Who is acting, in which workspace, with which role: resolved once at the edge (a page, a
 * server action, an API route, a CLI command) and passed to every use case.
 */
export type WorkspaceContext = {
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  /** Null when an API key acts rather than a person. */
  userId: string | null;
  apiKeyId: string | null;
  role: Role;
  /** Null means every brand of the workspace; otherwise only these. */
  brandIds: string[] | null;
  /** Where the request came from, set by the edge that resolved the context; kept in the audit trail. */
  origin?: RequestOrigin | null;
};

export function assertCan(ctx: WorkspaceContext, permission: Permission, doing: string): void {
  if (!can(ctx.role, permission)) {
    throw new AppError("FORBIDDEN", `Your role (${ctx.role.toLowerCase()}) cannot ${doing}.`);
  }
}

/**
 * An approver limited to some brands: an agency's client, made a member to review their brands'
 * stories. They see those stories and nothing of the agency's own workspace: not its members
 * (everyone's e-mail), its media library or its settings.
 */
export function isClientMember(ctx: WorkspaceContext): boolean {
  return ctx.role === "APPROVER" && ctx.brandIds !== null;
}

export function assertNotClientMember(ctx: WorkspaceContext, doing: string): void {
  if (isClientMember(ctx)) {
    throw new AppError(
      "FORBIDDEN",
      `As a client reviewer you cannot ${doing}: ask the agency that invited you.`,
    );
  }
}

export function canSeeBrand(ctx: WorkspaceContext, brandId: string): boolean {
  return ctx.brandIds === null || ctx.brandIds.includes(brandId);
}

/** Prisma filter for the brands the caller may see. */
export function visibleBrandFilter(ctx: WorkspaceContext): { workspaceId: string; id?: { in: string[] } } {
  return ctx.brandIds === null
    ? { workspaceId: ctx.workspaceId }
    : { workspaceId: ctx.workspaceId, id: { in: ctx.brandIds } };
}
