import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { requestOriginOf } from "@/lib/audit/request-origin";
import { createLoginRateLimit } from "@/lib/auth/login-rate-limit";
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

function clientIp(request: Request): string {
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
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        try {
          const limiter = createLoginRateLimit(redis(), env().LOGIN_MAX_FAILURES);
          return await verifyCredentials(
            { db: db(), limiter },
            {
              email: credentials.email,
              password: credentials.password,
              ip: clientIp(request),
              origin: requestOriginOf(request.headers, env().TRUST_PROXY),
            },
          );
        } catch (error) {
          if (isAppError(error, "RATE_LIMITED")) throw new SignInRefused("rate_limited");
          if (isAppError(error, "UNAUTHENTICATED")) throw new SignInRefused("invalid");
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
