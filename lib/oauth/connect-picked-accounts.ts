import { type ConnectChannelDeps, connectChannel } from "@/lib/channels/connect-channel";
import { META_LOGINS } from "@/lib/core/platforms/meta-logins";
import { AppError } from "@/lib/errors";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { type PendingDeps, peekPendingLogin, takePendingLogin } from "./pending-login";

export type PickedAccount = { key: string; brandId: string };

/**
 * The picker's "Connect": each ticked account becomes a channel of the brand chosen for it,
 * through the same connect use case as the advanced form (live check, sealed token, audit, and
 * a reconnect resumes the channel's held stories). The picks are checked before anything is
 * saved; the pending login is then taken out once, so a second submit connects nothing twice.
 */
export async function connectPickedAccounts(
  deps: ConnectChannelDeps & PendingDeps,
  ctx: WorkspaceContext,
  input: { pendingId: string; picks: PickedAccount[] },
) {
  assertCan(ctx, "channels:manage", "connect channels");
  const gone = () =>
    new AppError("NOT_FOUND", "This sign-in has expired or was already completed. Start again.");
  const preview = await peekPendingLogin(deps, input.pendingId);
  if (!preview || preview.userId !== ctx.userId || preview.workspaceId !== ctx.workspaceId) throw gone();
  if (input.picks.length === 0) {
    throw new AppError("INVALID_INPUT", "Tick at least one account to connect.", {
      fields: { picks: "Tick at least one account to connect." },
    });
  }
  const keys = new Set<string>();
  for (const pick of input.picks) {
    if (!preview.accounts[Number(pick.key)] || keys.has(pick.key) || !/^\d+$/.test(pick.key)) {
      throw new AppError("INVALID_INPUT", "Choose accounts from the list.");
    }
    keys.add(pick.key);
    const brand = canSeeBrand(ctx, pick.brandId)
      ? await deps.db.brand.findFirst({
          where: { id: pick.brandId, workspaceId: ctx.workspaceId },
          select: { id: true },
        })
      : null;
    if (!brand)
      throw new AppError("INVALID_INPUT", "Choose one of this workspace's brands for each account.");
  }

  const pending = await takePendingLogin(deps, input.pendingId);
  if (!pending) throw gone();
  const connected = [];
  for (const pick of input.picks) {
    const account = pending.accounts[Number(pick.key)];
    const toFields = account ? META_LOGINS[pending.kind].connectFields[account.platform] : undefined;
    if (!account || !toFields) continue;
    connected.push(
      await connectChannel(
        deps,
        ctx,
        { platform: account.platform, brandId: pick.brandId, ...toFields(account) },
        {
          sandbox: pending.sandbox,
          grantedScopes: pending.granted,
          scopesCheckedAt: new Date(pending.checkedAt),
          tokenExpiresAt: account.tokenExpiresAt ? new Date(account.tokenExpiresAt) : undefined,
          via: `${pending.kind}-login`,
        },
      ),
    );
  }
  return { kind: pending.kind, brandId: pending.brandId, connected };
}
