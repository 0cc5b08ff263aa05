import pino from "pino";
import { env } from "@/lib/env";

/**
 * Structured logs for every process. Anything that looks like a secret is redacted by key, as a
 * second line of defence: code should not hand secrets to the logger in the first place.
 */
export const REDACTED_KEYS = [
  "password",
  "passwordHash",
  "token",
  "accessToken",
  "access_token",
  "apiKey",
  "authorization",
  "secret",
  "ciphertext",
];

export function createLogger(name: string, level: string = env().LOG_LEVEL) {
  return pino({
    name,
    level,
    redact: {
      paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
      censor: "[redacted]",
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
