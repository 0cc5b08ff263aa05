import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { createUser } from "@/lib/users/create-user";
import { findInvite, unusableInviteMessage } from "./find-invite";
import { setMembershipBrands } from "./set-membership-brands";

type Tx = Prisma.TransactionClient;

/**
 * Turns an open invite into a membership for `userId`. The invite is claimed with a conditional
 * update inside the same transaction, so two simultaneous accepts cannot both succeed.
 */
async function redeem(tx: Tx, token: string, user: { id: string; email: string }, now: Date) {
  const invite = await findInvite(tx, token, now);
  if (invite.status !== "OPEN") throw new AppError("INVITE_UNUSABLE", unusableInviteMessage(invite.status));
  if (invite.email !== user.email) {
    throw new AppError(
      "FORBIDDEN",
      `This invite is for ${invite.email}, but you are signed in as ${user.email}. Sign in with the invited address.`,
    );
  }
  const full = await tx.invite.findUniqueOrThrow({ where: { id: invite.id }, select: { brandIds: true } });
  const claimed = await tx.invite.updateMany({
    where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now, acceptedByUserId: user.id },
  });
  if (claimed.count !== 1) throw new AppError("INVITE_UNUSABLE", unusableInviteMessage("USED"));

  const existing = await tx.membership.findUnique({
    where: { workspaceId_userId: { workspaceId: invite.workspace.id, userId: user.id } },
  });
  if (existing) throw new AppError("CONFLICT", `You are already a member of ${invite.workspace.name}.`);
  // Brands deleted since the invite was made are dropped rather than failing the accept.
  const brands = await tx.brand.findMany({
    where: { workspaceId: invite.workspace.id, id: { in: full.brandIds } },
    select: { id: true },
  });
  const membership = await tx.membership.create({
    data: { workspaceId: invite.workspace.id, userId: user.id, role: invite.role },
  });
  await setMembershipBrands(
    tx,
    membership,
    brands.map((b) => b.id),
  );
  await tx.auditLog.create({
    data: {
      workspaceId: invite.workspace.id,
      actorUserId: user.id,
      action: "member.join",
      entityType: "Membership",
      entityId: membership.id,
      data: { inviteId: invite.id, role: invite.role },
    },
  });
  return invite.workspace;
}

/** A signed-in user accepts an invite. */
export async function acceptInvite(db: Db, token: string, userId: string, now: Date = new Date()) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { id: true, email: true },
    });
    return redeem(tx, token, user, now);
  });
}

/** Someone without an account accepts: the account (for the invited address) and the membership come together. */
export async function acceptInviteWithNewAccount(
  db: Db,
  token: string,
  input: { name: string; password: string },
  now: Date = new Date(),
) {
  return db.$transaction(async (tx) => {
    const invite = await findInvite(tx, token, now);
    if (invite.status !== "OPEN") throw new AppError("INVITE_UNUSABLE", unusableInviteMessage(invite.status));
    const user = await createUser(tx, { ...input, email: invite.email });
    const workspace = await redeem(tx, token, user, now);
    return { user, workspace };
  });
}
