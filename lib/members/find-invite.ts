import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { hashInviteToken } from "./invite-token";

export type InviteStatus = "OPEN" | "EXPIRED" | "USED" | "REVOKED";

/** The invite behind a link, for the accept page; an unknown token is NOT_FOUND. */
export async function findInvite(db: DbOrTx, token: string, now: Date = new Date()) {
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      workspace: { select: { id: true, name: true, slug: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!invite) throw new AppError("NOT_FOUND", "This invite link is not valid. Ask for a new one.");
  return { ...invite, status: inviteStatus(invite, now) };
}

export function inviteStatus(
  invite: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): InviteStatus {
  if (invite.acceptedAt) return "USED";
  if (invite.revokedAt) return "REVOKED";
  if (invite.expiresAt <= now) return "EXPIRED";
  return "OPEN";
}

export function unusableInviteMessage(status: Exclude<InviteStatus, "OPEN">): string {
  switch (status) {
    case "USED":
      return "This invite has already been used. Ask for a new one if you still need access.";
    case "REVOKED":
      return "This invite was withdrawn. Ask the workspace's admins for a new one.";
    case "EXPIRED":
      return "This invite has expired. Ask the workspace's admins for a new one.";
  }
}
