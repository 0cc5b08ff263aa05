import { platformDescriptor } from "@/lib/core/platforms/registry";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";
import { type PendingDeps, peekPendingLogin } from "./pending-login";

/**
 * What the picker shows: the accounts a login found (never their tokens), the brands they can
 * go to, and which brand each starts in (the one the login started from, or the brand an account
 * is already a channel of). Another person's or another workspace's login is "not found".
 */
export async function readPendingLogin(
  deps: PendingDeps & { db: Db },
  ctx: WorkspaceContext,
  pendingId: string,
) {
  assertCan(ctx, "channels:manage", "connect channels");
  const pending = await peekPendingLogin(deps, pendingId);
  if (!pending || pending.userId !== ctx.userId || pending.workspaceId !== ctx.workspaceId) {
    throw new AppError("NOT_FOUND", "This sign-in has expired or was already completed. Start again.");
  }
  const brands = await deps.db.brand.findMany({
    where: visibleBrandFilter(ctx),
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  const existing = await deps.db.channel.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      externalAccountId: { in: pending.accounts.map((a) => a.id) },
    },
    select: { id: true, brandId: true, platform: true, externalAccountId: true, status: true },
  });
  // A reconnect whose account the person did not choose on Meta's screen stays as it was: say so.
  const reconnecting = pending.channelId
    ? await deps.db.channel.findFirst({
        where: { id: pending.channelId, workspaceId: ctx.workspaceId },
        select: { id: true, displayName: true, platform: true, externalAccountId: true },
      })
    : null;
  const reconnectMissing =
    reconnecting &&
    !pending.accounts.some(
      (a) => a.platform === reconnecting.platform && a.id === reconnecting.externalAccountId,
    )
      ? reconnecting.displayName
      : null;
  return {
    kind: pending.kind,
    reconnectMissing,
    sandbox: pending.sandbox,
    brandId: pending.brandId,
    brands,
    accounts: pending.accounts.map((account, index) => {
      const channel = existing.find(
        (c) => c.platform === account.platform && c.externalAccountId === account.id,
      );
      return {
        key: String(index),
        platform: account.platform,
        platformLabel: platformDescriptor(account.platform).channelLabel,
        id: account.id,
        name: account.name,
        note: account.note,
        tokenExpiresAt: account.tokenExpiresAt ? new Date(account.tokenExpiresAt) : null,
        existingChannel: channel ?? null,
        reconnecting: channel?.id === pending.channelId && pending.channelId !== undefined,
        brandId: channel?.brandId ?? pending.brandId,
      };
    }),
  };
}
