import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeUser } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { listSessions } from "./list-sessions";
import { purgeEndedSessions } from "./purge-ended-sessions";
import { resolveSession } from "./resolve-session";
import { revokeAllSessions } from "./revoke-all-sessions";
import { revokeSession } from "./revoke-session";
import { startSession } from "./start-session";

const browser = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };

describe("sessions", () => {
  it("a JWT's session resolves to its user until it is revoked, then to nothing", async () => {
    const user = await makeUser(db());
    const session = await startSession(db(), { userId: user.id, ...browser });
    expect(session.secondFactorPending).toBe(false);
    await expect(resolveSession(db(), { userId: user.id, sessionId: session.id })).resolves.toMatchObject({
      user: { id: user.id, email: user.email },
      session: { id: session.id, secondFactorPending: false },
    });

    await revokeSession(db(), user.id, session.id);
    await expect(resolveSession(db(), { userId: user.id, sessionId: session.id })).resolves.toBeNull();
    // Revoking twice is a clear answer, not a silent success.
    await expectAppError(revokeSession(db(), user.id, session.id), "NOT_FOUND");
  });

  it("refuses a JWT naming a session that does not exist or belongs to someone else", async () => {
    const [alice, bob] = await Promise.all([makeUser(db()), makeUser(db())]);
    const bobs = await startSession(db(), { userId: bob.id, ...browser });
    await expect(resolveSession(db(), { userId: alice.id, sessionId: bobs.id })).resolves.toBeNull();
    await expect(
      resolveSession(db(), { userId: alice.id, sessionId: "no-such-session" }),
    ).resolves.toBeNull();
  });

  it("one user cannot revoke another's session: NOT_FOUND, and it stays signed in", async () => {
    const [alice, bob] = await Promise.all([makeUser(db()), makeUser(db())]);
    const bobs = await startSession(db(), { userId: bob.id, ...browser });
    await expectAppError(revokeSession(db(), alice.id, bobs.id), "NOT_FOUND");
    await expect(resolveSession(db(), { userId: bob.id, sessionId: bobs.id })).resolves.not.toBeNull();
  });

  it("sign out everywhere ends every other session, or all of them, and no one else's", async () => {
    const [user, other] = await Promise.all([makeUser(db()), makeUser(db())]);
    const here = await startSession(db(), { userId: user.id, ...browser });
    const phone = await startSession(db(), { userId: user.id, ip: "198.51.100.2", userAgent: "iPhone" });
    const laptop = await startSession(db(), { userId: user.id, ip: "198.51.100.3", userAgent: "Mac OS X" });
    const othersSession = await startSession(db(), { userId: other.id, ...browser });

    await expect(revokeAllSessions(db(), user.id, { exceptSessionId: here.id })).resolves.toBe(2);
    expect((await listSessions(db(), user.id)).map((s) => s.id)).toEqual([here.id]);
    for (const s of [phone, laptop]) {
      await expect(resolveSession(db(), { userId: user.id, sessionId: s.id })).resolves.toBeNull();
    }

    await expect(revokeAllSessions(db(), user.id)).resolves.toBe(1);
    await expect(resolveSession(db(), { userId: user.id, sessionId: here.id })).resolves.toBeNull();
    await expect(
      resolveSession(db(), { userId: other.id, sessionId: othersSession.id }),
    ).resolves.not.toBeNull();
  });

  it("records last seen at most every few minutes", async () => {
    const user = await makeUser(db());
    const session = await startSession(db(), { userId: user.id, ...browser });
    const { lastSeenAt: first } = await db().userSession.findUniqueOrThrow({ where: { id: session.id } });
    await resolveSession(db(), {
      userId: user.id,
      sessionId: session.id,
      now: new Date(first.getTime() + 60_000),
    });
    expect((await db().userSession.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(
      first,
    );
    const later = new Date(first.getTime() + 10 * 60_000);
    await resolveSession(db(), { userId: user.id, sessionId: session.id, now: later });
    expect((await db().userSession.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(
      later,
    );
  });

  it("a deleted account's session resolves to nothing", async () => {
    const user = await makeUser(db());
    const session = await startSession(db(), { userId: user.id, ...browser });
    await db().user.delete({ where: { id: user.id } });
    await expect(resolveSession(db(), { userId: user.id, sessionId: session.id })).resolves.toBeNull();
  });
});

describe("ended sessions", () => {
  const DAY = 24 * 3600_000;

  it("a session idle for longer than a JWT lives is refused", async () => {
    const user = await makeUser(db());
    const session = await startSession(db(), { userId: user.id, ...browser });
    const later = new Date(Date.now() + 31 * DAY);
    await expect(
      resolveSession(db(), { userId: user.id, sessionId: session.id, now: later }),
    ).resolves.toBeNull();
  });

  it("are purged: long revoked, abandoned second steps and idle ones; live ones stay", async () => {
    const user = await makeUser(db());
    const live = await startSession(db(), { userId: user.id, ...browser });
    const revokedLongAgo = await startSession(db(), { userId: user.id, ...browser });
    const revokedToday = await startSession(db(), { userId: user.id, ...browser });
    const abandoned = await startSession(db(), { userId: user.id, ...browser });
    const now = new Date();
    await db().userSession.update({
      where: { id: revokedLongAgo.id },
      data: { revokedAt: new Date(now.getTime() - 8 * DAY) },
    });
    await db().userSession.update({ where: { id: revokedToday.id }, data: { revokedAt: now } });
    await db().userSession.update({
      where: { id: abandoned.id },
      data: { secondFactorPending: true, createdAt: new Date(now.getTime() - 2 * DAY) },
    });
    await expect(purgeEndedSessions(db(), now)).resolves.toBeGreaterThanOrEqual(2);
    const left = await db().userSession.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(left.map((s) => s.id).sort()).toEqual([live.id, revokedToday.id].sort());
  });
});
