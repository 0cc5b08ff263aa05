import type { Db } from "@/lib/db/client";
import type { RequestOrigin } from "./request-origin";

/**
 * Attempts while the rate limit blocks are not recorded (see verifyCredentials). With two-factor
 * sign-in on, the password alone is "password_accepted": the sign-in is the code that follows.
 */
export type SignInOutcome = "signed_in" | "wrong_password" | "password_accepted" | "wrong_code";

const ACTIONS: Record<SignInOutcome, string> = {
  signed_in: "auth.sign_in",
  wrong_password: "auth.sign_in_refused",
  password_accepted: "auth.password_accepted",
  wrong_code: "auth.sign_in_refused",
};
const REFUSED: ReadonlySet<SignInOutcome> = new Set(["wrong_password", "wrong_code"]);

/**
 * A sign-in, or a refused one, of the account with this e-mail address: one entry in each
 * workspace the person is a member of, since the trail is read per workspace and each of them
 * trusts that account with its clients' channels (decision 030). An address with no account
 * records nothing: it belongs to no workspace, and guessed addresses would only be noise.
 */
export async function recordSignIn(
  db: Db,
  input: { email: string; outcome: SignInOutcome; origin: RequestOrigin | null },
): Promise<void> {
  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, memberships: { select: { workspaceId: true } } },
  });
  if (!user || user.memberships.length === 0) return;
  await db.auditLog.createMany({
    data: user.memberships.map(({ workspaceId }) => ({
      workspaceId,
      actorUserId: user.id,
      action: ACTIONS[input.outcome],
      entityType: "User",
      entityId: user.id,
      data: REFUSED.has(input.outcome) ? { reason: input.outcome } : {},
      ip: input.origin?.ip ?? null,
      userAgent: input.origin?.userAgent ?? null,
    })),
  });
}
