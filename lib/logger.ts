import pino from "pino";
import { currentRequestId } from "@/lib/correlation/request-id";
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

/**
 * `destination`: where lines go (stdout by default); tests pass a stream to read them back.
 * Every line written on behalf of a request or a job carries its `requestId`.
 */
export function createLogger(
  name: string,
  level: string = env().LOG_LEVEL,
  destination?: pino.DestinationStream,
) {
  const options: pino.LoggerOptions = {
    name,
    level,
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    redact: {
      paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type Logger = ReturnType<typeof createLogger>;
