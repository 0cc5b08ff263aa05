import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { assignableRoles, ROLES } from "@/lib/core/roles";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emailSchema } from "@/lib/users/schemas";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { inviteUrl, newInviteToken } from "./invite-token";

export const createInviteSchema = z.object({
  email: emailSchema,
  role: z.string().pipe(z.enum(ROLES, "Choose a role.")),
  /** Empty: every brand. */
  brandIds: z.array(z.string().min(1)).max(200).default([]),
});

export type CreateInviteInput = z.input<typeof createInviteSchema>;

/**
 * Creates a single-use invite link that expires after `ttlHours`. Returns the link once (only
 * its hash is stored); the caller shows it and hands it to the mailer.
 */
export async function createInvite(
  deps: { db: Db; baseUrl: string; ttlHours: number; now?: Date },
  ctx: WorkspaceContext,
  input: CreateInviteInput,
) {
  assertCan(ctx, "members:manage", "invite members");
  const { email, role, brandIds } = parseInput(createInviteSchema, input);
  if (!assignableRoles(ctx.role).includes(role)) {
    throw new AppError(
      "FORBIDDEN",
      `Your role (${ctx.role.toLowerCase()}) cannot invite ${role.toLowerCase()}s.`,
      {
        fields: { role: "You cannot give this role." },
      },
    );
  }
  const uniqueBrandIds = [...new Set(brandIds)];
  const brandCount = await deps.db.brand.count({
    where: { workspaceId: ctx.workspaceId, id: { in: uniqueBrandIds } },
  });
  if (brandCount !== uniqueBrandIds.length || !uniqueBrandIds.every((id) => canSeeBrand(ctx, id))) {
    throw new AppError("NOT_FOUND", "One of the chosen brands does not exist in this workspace.", {
      fields: { brandIds: "Unknown brand." },
    });
  }
  const alreadyMember = await deps.db.membership.findFirst({
    where: { workspaceId: ctx.workspaceId, user: { email } },
    select: { id: true },
  });
  if (alreadyMember) {
    throw new AppError("CONFLICT", `${email} is already a member of this workspace.`, {
      fields: { email: "Already a member." },
    });
  }

  const now = deps.now ?? new Date();
  const { token, tokenHash } = newInviteToken();
  const invite = await deps.db.$transaction(async (tx) => {
    const created = await tx.invite.create({
      data: {
        workspaceId: ctx.workspaceId,
        email,
        role,
        brandIds: uniqueBrandIds,
        tokenHash,
        invitedById: requireUser(ctx),
        expiresAt: new Date(now.getTime() + deps.ttlHours * 3_600_000),
      },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    await recordAudit(tx, ctx, {
      action: "member.invite",
      entityType: "Invite",
      entityId: created.id,
      data: { email, role, brandIds: uniqueBrandIds },
    });
    return created;
  });
  return { ...invite, url: inviteUrl(deps.baseUrl, token) };
}

function requireUser(ctx: WorkspaceContext): string {
  if (!ctx.userId) throw new AppError("FORBIDDEN", "Invites are sent by a person, not an API key.");
  return ctx.userId;
}
