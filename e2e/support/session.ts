import type { BrowserContext } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { startSession } from "@/lib/auth/start-session";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { stack } from "./stack";

/**
 * The cookie Auth.js reads over plain http (the e2e stack's address); behind https it would be
 * `__Secure-authjs.session-token`. Its name is also the JWT's salt.
 */
const SESSION_COOKIE = "authjs.session-token";

/**
 * Signs `context` in as the user without the sign-in form: the UserSession row the form's
 * sign-in would record (startSession, the same use case) and the JWT naming it, sealed as
 * Auth.js seals it. A journey about something else then spends no browser time on the form,
 * which foundation.spec.ts and account-security.spec.ts walk through (with two-factor sign-in).
 * About 3 CPU-seconds of the two-core test machine per sign-up and brand (decision 046).
 */
export async function addSessionCookie(
  context: BrowserContext,
  user: { id: string; email: string; name: string },
) {
  const session = await startSession(db(), {
    userId: user.id,
    ip: "127.0.0.1",
    userAgent: "Playwright (signed in by the e2e support, not the form)",
  });
  const value = await encode({
    token: { sub: user.id, sid: session.id, name: user.name, email: user.email },
    secret: env().AUTH_SECRET,
    salt: SESSION_COOKIE,
  });
  await context.addCookies([
    { name: SESSION_COOKIE, value, url: stack.baseURL, httpOnly: true, sameSite: "Lax" },
  ]);
}
