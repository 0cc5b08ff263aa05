import { createHash, randomBytes } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";

/** Codes from the step before and after are accepted too: phones' clocks drift. */
const CLOCK_TOLERANCE_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

/** A new base32 TOTP secret (160 bits), what authenticator apps expect. */
export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: "StoryRelay", label: email, secret });
}

/**
 * The 30-second step `code` is valid for, or null. A step at or before `afterStep` (the last one
 * accepted) is refused, so a code seen over someone's shoulder cannot be used again.
 */
export async function totpStep(
  secret: string,
  code: string,
  afterStep: number | null,
): Promise<number | null> {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epochTolerance: CLOCK_TOLERANCE_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  // The functional API's result type also covers HOTP, which has no time step.
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten random codes like `k7m2p-9qx4t` (about 49 bits each), shown to the person once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/**
 * What is stored for a recovery code. The codes are random and long, so a plain SHA-256 is enough
 * (no password hash's slowness is needed); spaces, dashes and case are ignored as typed.
 */
export function hashRecoveryCode(code: string): string {
  const normalised = code.toLowerCase().replace(/[^a-z0-9]/g, "");
  return createHash("sha256").update(`storyrelay-recovery:${normalised}`).digest("hex");
}

/** Whether the typed text looks like a recovery code rather than a six-digit TOTP code. */
export function looksLikeRecoveryCode(code: string): boolean {
  return code.replace(/[^a-zA-Z0-9]/g, "").length === 10;
}
