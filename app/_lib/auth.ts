import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { requestOriginOf } from "@/lib/audit/request-origin";
import { createLoginRateLimit } from "@/lib/auth/login-rate-limit";
import { startSession } from "@/lib/auth/start-session";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { redis } from "@/lib/redis/client";

/** Sign-in refused; `code` reaches the sign-in form, which words it for the person. */
class SignInRefused extends CredentialsSignin {
  constructor(code: "invalid" | "rate_limited") {
    super();
    this.code = code;
  }
}

declare module "next-auth" {
  interface Session {
    /** The UserSession row this browser's JWT names (docs/decisions/031-account-security.md). */
    sessionId?: string;
  }
  interface User {
    sessionId?: string;
  }
}

export function clientIp(request: Pick<Request, "headers">): string {
  return (
    request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ||
    request.headers.get("x-real-ip") ||
    "unknown"
  );
}

// Configured lazily, per request, so that building the app needs no secrets or database.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  // Secure (and __Secure- prefixed) cookies behind https; Auth.js's session cookie is always
  // HttpOnly and SameSite=Lax.
  useSecureCookies: env().PUBLIC_BASE_URL.startsWith("https://"),
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        try {
          const limiter = createLoginRateLimit(redis(), env().LOGIN_MAX_FAILURES);
          const ip = clientIp(request);
          const user = await verifyCredentials(
            { db: db(), limiter },
            {
              email: credentials.email,
              password: credentials.password,
              ip,
              origin: requestOriginOf(request.headers, env().TRUST_PROXY),
            },
          );
          // The JWT names this row and is refused without it; with two-factor sign-in on, the row
          // waits for the code, so the password alone opens nothing.
          const session = await startSession(db(), {
            userId: user.id,
            ip,
            userAgent: request.headers.get("user-agent") ?? "",
          });
          return { ...user, sessionId: session.id };
        } catch (error) {
          if (isAppError(error, "RATE_LIMITED")) throw new SignInRefused("rate_limited");
          if (isAppError(error, "UNAUTHENTICATED")) throw new SignInRefused("invalid");
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.sessionId) token.sid = user.sessionId;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
}));
