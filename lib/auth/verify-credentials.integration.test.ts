import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { redis } from "@/lib/redis/client";
import { FACTORY_PASSWORD, makeUser } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { createLoginRateLimit } from "./login-rate-limit";
import { verifyCredentials } from "./verify-credentials";

// A fresh IP per test keeps the per-IP budget of one test from leaking into another.
const ip = () => `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID()}`;

describe("verifyCredentials", () => {
  it("accepts the right password, case-insensitively on the e-mail", async () => {
    const user = await makeUser(db());
    const deps = { db: db(), limiter: createLoginRateLimit(redis(), 3) };
    await expect(
      verifyCredentials(deps, { email: user.email.toUpperCase(), password: FACTORY_PASSWORD, ip: ip() }),
    ).resolves.toMatchObject({ id: user.id });
  });

  it("gives the same answer for a wrong password and an unknown address", async () => {
    const user = await makeUser(db());
    const deps = { db: db(), limiter: createLoginRateLimit(redis(), 3) };
    const wrong = await expectAppError(
      verifyCredentials(deps, { email: user.email, password: "wrong password", ip: ip() }),
      "UNAUTHENTICATED",
    );
    const unknown = await expectAppError(
      verifyCredentials(deps, { email: `nobody-${randomUUID()}@example.test`, password: "x", ip: ip() }),
      "UNAUTHENTICATED",
    );
    expect(wrong.message).toBe(unknown.message);
  });

  it("blocks an address after too many failures, even with the right password", async () => {
    const user = await makeUser(db());
    const deps = { db: db(), limiter: createLoginRateLimit(redis(), 3) };
    for (let i = 0; i < 3; i++) {
      await expectAppError(
        verifyCredentials(deps, { email: user.email, password: "nope", ip: ip() }),
        "UNAUTHENTICATED",
      );
    }
    const blocked = await expectAppError(
      verifyCredentials(deps, { email: user.email, password: FACTORY_PASSWORD, ip: ip() }),
      "RATE_LIMITED",
    );
    expect(blocked.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.details.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });

  it("blocks a client IP that sprays many addresses", async () => {
    const deps = { db: db(), limiter: createLoginRateLimit(redis(), 1) };
    const sprayer = ip();
    // Per-IP budget is five times the per-address one.
    for (let i = 0; i < 5; i++) {
      await expectAppError(
        verifyCredentials(deps, { email: `spray-${randomUUID()}@example.test`, password: "x", ip: sprayer }),
        "UNAUTHENTICATED",
      );
    }
    const user = await makeUser(db());
    await expectAppError(
      verifyCredentials(deps, { email: user.email, password: FACTORY_PASSWORD, ip: sprayer }),
      "RATE_LIMITED",
    );
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    const user = await makeUser(db());
    const deps = { db: db(), limiter: createLoginRateLimit(redis(), 3) };
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++) {
        await expectAppError(
          verifyCredentials(deps, { email: user.email, password: "nope", ip: ip() }),
          "UNAUTHENTICATED",
        );
      }
      await verifyCredentials(deps, { email: user.email, password: FACTORY_PASSWORD, ip: ip() });
    }
  });
});
