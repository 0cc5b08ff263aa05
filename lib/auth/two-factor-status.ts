import type { Db } from "@/lib/db/client";

/** Whether the user has two-factor sign-in on, and how many recovery codes are left. */
export async function twoFactorStatus(db: Db, userId: string) {
  const [row, recoveryCodesLeft] = await Promise.all([
    db.userTwoFactor.findUnique({ where: { userId }, select: { enabledAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabled: Boolean(row?.enabledAt), enabledAt: row?.enabledAt ?? null, recoveryCodesLeft };
}
