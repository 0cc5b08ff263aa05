import type { Db } from "@/lib/db/client";

/** Whether the workspace requires two-factor sign-in of its members. */
export async function workspaceRequiresTwoFactor(db: Db, workspaceId: string): Promise<boolean> {
  const row = await db.workspaceSecurity.findUnique({
    where: { workspaceId },
    select: { requireTwoFactor: true },
  });
  return row?.requireTwoFactor ?? false;
}

/**
 * True when the workspace requires two-factor sign-in and this member has not turned it on: the
 * edge then sends them to set it up instead of opening the page or running the action.
 */
export async function lacksRequiredTwoFactor(db: Db, workspaceId: string, userId: string): Promise<boolean> {
  const [required, own] = await Promise.all([
    workspaceRequiresTwoFactor(db, workspaceId),
    db.userTwoFactor.findUnique({ where: { userId }, select: { enabledAt: true } }),
  ]);
  return required && !own?.enabledAt;
}
