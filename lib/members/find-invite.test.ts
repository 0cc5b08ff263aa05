import { describe, expect, it } from "vitest";
import { inviteStatus } from "./find-invite";

const now = new Date("2026-05-01T12:00:00Z");
const later = new Date("2026-05-02T12:00:00Z");
const earlier = new Date("2026-04-30T12:00:00Z");

describe("inviteStatus", () => {
  it("is OPEN until it expires", () => {
    expect(inviteStatus({ acceptedAt: null, revokedAt: null, expiresAt: later }, now)).toBe("OPEN");
    expect(inviteStatus({ acceptedAt: null, revokedAt: null, expiresAt: now }, now)).toBe("EXPIRED");
  });

  it("reports use before revocation and expiry", () => {
    expect(inviteStatus({ acceptedAt: earlier, revokedAt: null, expiresAt: earlier }, now)).toBe("USED");
    expect(inviteStatus({ acceptedAt: null, revokedAt: earlier, expiresAt: earlier }, now)).toBe("REVOKED");
  });
});
