import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { redis } from "@/lib/redis/client";
import { FACTORY_PASSWORD, makeUser } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { assertFreshPassword, confirmPassword, FRESH_PASSWORD_MS } from "./confirm-password";
import { createLoginRateLimit } from "./login-rate-limit";
import { startSession } from "./start-session";

const browser = { ip: "203.0.113.11", userAgent: "test browser" };
const deps = (maxFailures = 10) => ({ db: db(), limiter: createLoginRateLimit(redis(), maxFailures) });
const ip = () => `192.0.2.${randomUUID()}`;
const minutes = (n: number) => n * 60_000;

async function staleSession() {
  const user = await makeUser(db());
  const session = await startSession(db(), { userId: user.id, ...browser });
  // As if signed in an hour ago.
  await db().userSession.update({
    where: { id: session.id },
    data: { passwordConfirmedAt: new Date(Date.now() - minutes(60)) },
  });
  return { user, session: { userId: user.id, sessionId: session.id } };
}

describe("fresh password check", () => {
  it("signing in counts as a confirmation for ten minutes, then sensitive actions are refused", async () => {
    const user = await makeUser(db());
    const { id } = await startSession(db(), { userId: user.id, ...browser });
    const session = { userId: user.id, sessionId: id };
    await assertFreshPassword(db(), session, "create an API key");
    const later = new Date(Date.now() + FRESH_PASSWORD_MS + 1000);
    const refusal = await expectAppError(
      assertFreshPassword(db(), session, "create an API key", later),
      "FORBIDDEN",
    );
    expect(refusal.message).toMatch(/Confirm your password to create an API key/);
  });

  it("confirming the password opens sensitive actions in that session only", async () => {
    const { user, session } = await staleSession();
    const other = await staleSession();
    await expectAppError(assertFreshPassword(db(), session, "remove a member"), "FORBIDDEN");

    await confirmPassword(deps(), { ...session, password: FACTORY_PASSWORD, ip: ip() });
    await assertFreshPassword(db(), session, "remove a member");
    // Another of the user's browsers is not confirmed by this one.
    const second = await startSession(db(), { userId: user.id, ...browser });
    await db().userSession.update({ where: { id: second.id }, data: { passwordConfirmedAt: null } });
    await expectAppError(
      assertFreshPassword(db(), { userId: user.id, sessionId: second.id }, "x"),
      "FORBIDDEN",
    );
    // Nor can one user's confirmation reach another user's session.
    await expectAppError(
      confirmPassword(deps(), {
        userId: user.id,
        sessionId: other.session.sessionId,
        password: FACTORY_PASSWORD,
        ip: ip(),
      }),
      "UNAUTHENTICATED",
    );
    await expectAppError(assertFreshPassword(db(), other.session, "x"), "FORBIDDEN");
  });

  it("a wrong password confirms nothing and counts against the sign-in budget", async () => {
    const { session } = await staleSession();
    const limited = deps(2);
    const from = ip();
    for (let i = 0; i < 2; i++) {
      await expectAppError(
        confirmPassword(limited, { ...session, password: "wrong", ip: from }),
        "INVALID_INPUT",
      );
    }
    await expectAppError(
      confirmPassword(limited, { ...session, password: FACTORY_PASSWORD, ip: from }),
      "RATE_LIMITED",
    );
    await expectAppError(assertFreshPassword(db(), session, "x"), "FORBIDDEN");
  });

  it("a revoked session or one waiting for its second factor is never fresh", async () => {
    const { session } = await staleSession();
    await confirmPassword(deps(), { ...session, password: FACTORY_PASSWORD, ip: ip() });
    await db().userSession.update({ where: { id: session.sessionId }, data: { revokedAt: new Date() } });
    await expectAppError(assertFreshPassword(db(), session, "x"), "FORBIDDEN");

    const pending = await staleSession();
    await db().userSession.update({
      where: { id: pending.session.sessionId },
      data: { secondFactorPending: true, passwordConfirmedAt: new Date() },
    });
    await expectAppError(assertFreshPassword(db(), pending.session, "x"), "FORBIDDEN");
  });
});
