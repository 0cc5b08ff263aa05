/**
 * Password rules, shared by the sign-up form and the server. Length matters more than character
 * classes (NIST SP 800-63B), so: at least 10 characters, not all one character, not a password
 * from the short list people reach for first, and not the e-mail address itself.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

const COMMON = new Set([
  "password",
  "password1",
  "password12",
  "password123",
  "1234567890",
  "12345678910",
  "qwertyuiop",
  "qwerty1234",
  "iloveyou12",
  "letmein123",
  "welcome123",
  "abcdefghij",
  "storyrelay",
  "storyrelay1",
  "changeme123",
  "admin12345",
]);

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (new Set(password).size < 4) return "Use more than a few different characters.";
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "That password is among the first ones attackers try. Choose another.";
  if (email && lower === email.toLowerCase()) return "Don't use your e-mail address as the password.";
  return null;
}
