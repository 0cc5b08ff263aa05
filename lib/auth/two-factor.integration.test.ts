import { randomUUID } from "node:crypto";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { redis } from "@/lib/redis/client";
import { FACTORY_PASSWORD, makeMember, makeUser, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { beginTwoFactorEnrolment } from "./begin-two-factor-enrolment";
import { confirmTwoFactorEnrolment } from "./confirm-two-factor-enrolment";
import { disableTwoFactor } from "./disable-two-factor";
import { createLoginRateLimit } from "./login-rate-limit";
import { resolveSession } from "./resolve-session";
import { setWorkspaceTwoFactorRequirement } from "./set-workspace-two-factor-requirement";
import { startSession } from "./start-session";
import { verifyCredentials } from "./verify-credentials";
import { verifySecondFactor } from "./verify-second-factor";
import { lacksRequiredTwoFactor } from "./workspace-two-factor";

const box = () => secretBoxFromEnv(env());
const deps = (maxFailures = 10) => ({
  db: db(),
  box: box(),
  limiter: createLoginRateLimit(redis(), maxFailures),
});
// A fresh IP per test keeps one test's failures out of another's per-IP budget.
const ip = () => `192.0.2.${randomUUID()}`;
const browser = { ip: "203.0.113.9", userAgent: "test browser" };
/** The code an app shows `stepsAhead` 30-second steps from now (accepted one step either way). */
const codeAt = (secret: string, stepsAhead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

async function enrolledUser() {
  const user = await makeUser(db());
  const { secret, uri } = await beginTwoFactorEnrolment(deps(), user);
  expect(uri).toContain(`secret=${secret}`);
  const enrolmentCode = await codeAt(secret);
  const { recoveryCodes } = await confirmTwoFactorEnrolment(deps(), user.id, enrolmentCode);
  return { user, secret, recoveryCodes, enrolmentCode };
}

describe("two-factor sign-in", () => {
  it("enrols: the secret is sealed at rest and counts only once a code confirms it", async () => {
    const user = await makeUser(db());
    const { secret } = await beginTwoFactorEnrolment(deps(), user);
    const row = await db().userTwoFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(Buffer.from(row.ciphertext).toString("utf8")).not.toContain(secret);
    expect(row.enabledAt).toBeNull();
    // Not enrolled yet: signing in starts a full session, no second step.
    expect((await startSession(db(), { userId: user.id, ...browser })).secondFactorPending).toBe(false);

    await expectAppError(confirmTwoFactorEnrolment(deps(), user.id, "000000"), "INVALID_INPUT");
    const { recoveryCodes } = await confirmTwoFactorEnrolment(deps(), user.id, await codeAt(secret));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await db().recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    for (const code of recoveryCodes) expect(stored.map((s) => s.codeHash)).not.toContain(code);
    // Enrolled: a second enrolment is refused rather than silently replacing the app.
    await expectAppError(beginTwoFactorEnrolment(deps(), user), "CONFLICT");
  });

  it("the password alone gives a session that opens nothing until the code passes", async () => {
    const { user, secret, enrolmentCode } = await enrolledUser();
    const session = await startSession(db(), { userId: user.id, ...browser });
    expect(session.secondFactorPending).toBe(true);
    expect((await resolveSession(db(), { userId: user.id, sessionId: session.id }))?.session).toMatchObject({
      secondFactorPending: true,
    });

    const input = { userId: user.id, email: user.email, sessionId: session.id, ip: ip() };
    await expectAppError(verifySecondFactor(deps(), { ...input, code: "123456" }), "INVALID_INPUT");
    // The enrolment's own code (this step) cannot be replayed; the app's next one is accepted.
    await expectAppError(verifySecondFactor(deps(), { ...input, code: enrolmentCode }), "INVALID_INPUT");
    const next = await codeAt(secret, 1);
    await expect(verifySecondFactor(deps(), { ...input, code: next })).resolves.toEqual({ used: "totp" });
    const resolved = await resolveSession(db(), { userId: user.id, sessionId: session.id });
    expect(resolved?.session.secondFactorPending).toBe(false);
    expect(resolved?.session.passwordConfirmedAt).not.toBeNull();

    // The same code on another session is a replay.
    const other = await startSession(db(), { userId: user.id, ...browser });
    await expectAppError(
      verifySecondFactor(deps(), { ...input, sessionId: other.id, code: next }),
      "INVALID_INPUT",
    );
  });

  it("the audit trail says the password was accepted, then the code refused, then the sign-in", async () => {
    const { user, secret } = await enrolledUser();
    const { workspace } = await makeWorkspace(db(), { ownerId: user.id });
    const origin = { ip: null, userAgent: "test browser" };
    await verifyCredentials(deps(), { email: user.email, password: FACTORY_PASSWORD, ip: ip(), origin });
    const session = await startSession(db(), { userId: user.id, ...browser });
    const input = { userId: user.id, email: user.email, sessionId: session.id, ip: ip(), origin };
    await expectAppError(verifySecondFactor(deps(), { ...input, code: "000000" }), "INVALID_INPUT");
    await verifySecondFactor(deps(), { ...input, code: await codeAt(secret, 1) });
    const trail = await db().auditLog.findMany({
      where: { workspaceId: workspace.id, entityId: user.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, data: true, userAgent: true },
    });
    expect(trail.map((entry) => entry.action)).toEqual([
      "auth.password_accepted",
      "auth.sign_in_refused",
      "auth.sign_in",
    ]);
    expect(trail[1]?.data).toEqual({ reason: "wrong_code" });
    expect(trail.every((entry) => entry.userAgent === "test browser")).toBe(true);
  });

  it("a recovery code works once, in any case and spacing", async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const [first, second] = await Promise.all([
      startSession(db(), { userId: user.id, ...browser }),
      startSession(db(), { userId: user.id, ...browser }),
    ]);
    const code = recoveryCodes[3] as string;
    const input = { userId: user.id, email: user.email, ip: ip() };
    await expect(
      verifySecondFactor(deps(), { ...input, sessionId: first.id, code: ` ${code.toUpperCase()} ` }),
    ).resolves.toEqual({ used: "recovery" });
    await expectAppError(
      verifySecondFactor(deps(), { ...input, sessionId: second.id, code }),
      "INVALID_INPUT",
    );
    expect(await db().recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9);
  });

  it("wrong codes count against the sign-in budget, then even the right one waits", async () => {
    const { user, secret } = await enrolledUser();
    const session = await startSession(db(), { userId: user.id, ...browser });
    const input = { userId: user.id, email: user.email, sessionId: session.id, ip: ip() };
    const limited = deps(3);
    for (let i = 0; i < 3; i++) {
      await expectAppError(verifySecondFactor(limited, { ...input, code: "000000" }), "INVALID_INPUT");
    }
    await expectAppError(
      verifySecondFactor(limited, { ...input, code: await codeAt(secret, 1) }),
      "RATE_LIMITED",
    );
    expect(
      (await resolveSession(db(), { userId: user.id, sessionId: session.id }))?.session.secondFactorPending,
    ).toBe(true);
  });

  it("a revoked session cannot pass its second step", async () => {
    const { user, secret } = await enrolledUser();
    const session = await startSession(db(), { userId: user.id, ...browser });
    await db().userSession.update({ where: { id: session.id }, data: { revokedAt: new Date() } });
    await expectAppError(
      verifySecondFactor(deps(), {
        userId: user.id,
        email: user.email,
        sessionId: session.id,
        ip: ip(),
        code: await codeAt(secret, 1),
      }),
      "UNAUTHENTICATED",
    );
  });

  it("turning it off needs the password and a code; nothing changes without both", async () => {
    const { user, secret, recoveryCodes } = await enrolledUser();
    await expectAppError(
      disableTwoFactor(deps(), {
        userId: user.id,
        password: "wrong",
        code: await codeAt(secret, 1),
        ip: ip(),
      }),
      "INVALID_INPUT",
    );
    await expectAppError(
      disableTwoFactor(deps(), { userId: user.id, password: FACTORY_PASSWORD, code: "000000", ip: ip() }),
      "INVALID_INPUT",
    );
    expect(await db().userTwoFactor.count({ where: { userId: user.id } })).toBe(1);
    await disableTwoFactor(deps(), {
      userId: user.id,
      password: FACTORY_PASSWORD,
      code: recoveryCodes[0],
      ip: ip(),
    });
    expect(await db().userTwoFactor.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await startSession(db(), { userId: user.id, ...browser })).secondFactorPending).toBe(false);
  });
});

describe("workspace-required two-factor", () => {
  it("an owner with two-factor on requires it; members without it are held back, audited", async () => {
    const { user: owner } = await enrolledUser();
    const { workspace, ctx } = await makeWorkspace(db(), { ownerId: owner.id });
    const editor = await makeMember(db(), workspace, "EDITOR");
    expect(await lacksRequiredTwoFactor(db(), workspace.id, editor.userId as string)).toBe(false);

    await setWorkspaceTwoFactorRequirement(db(), ctx, true);
    expect(await lacksRequiredTwoFactor(db(), workspace.id, editor.userId as string)).toBe(true);
    expect(await lacksRequiredTwoFactor(db(), workspace.id, owner.id)).toBe(false);
    const audit = await db().auditLog.findMany({ where: { workspaceId: workspace.id } });
    expect(audit.map((a) => [a.action, a.actorUserId])).toContainEqual([
      "workspace.two_factor.require",
      owner.id,
    ]);

    // The editor enrols: nothing holds them back any more.
    const editorUser = await db().user.findUniqueOrThrow({ where: { id: editor.userId as string } });
    const { secret } = await beginTwoFactorEnrolment(deps(), editorUser);
    await confirmTwoFactorEnrolment(deps(), editorUser.id, await codeAt(secret));
    expect(await lacksRequiredTwoFactor(db(), workspace.id, editorUser.id)).toBe(false);

    // Another workspace's rule does not reach a member of this one.
    const other = await makeWorkspace(db());
    expect(await lacksRequiredTwoFactor(db(), other.workspace.id, other.ownerId)).toBe(false);
  });

  it("only an owner may set it, and only with two-factor on for themselves", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    await expectAppError(setWorkspaceTwoFactorRequirement(db(), ctx, true), "INVALID_INPUT");
    const admin = await makeMember(db(), workspace, "ADMIN");
    await expectAppError(setWorkspaceTwoFactorRequirement(db(), admin, true), "FORBIDDEN");
    expect(await db().workspaceSecurity.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe("the second step", () => {
  it("must come within 15 minutes of the password", async () => {
    const { user, secret } = await enrolledUser();
    const session = await startSession(db(), { userId: user.id, ...browser });
    await db().userSession.update({
      where: { id: session.id },
      data: { createdAt: new Date(Date.now() - 16 * 60_000) },
    });
    await expectAppError(
      verifySecondFactor(deps(), {
        userId: user.id,
        email: user.email,
        sessionId: session.id,
        ip: ip(),
        code: await codeAt(secret, 1),
      }),
      "UNAUTHENTICATED",
    );
  });
});
