import type { HealthReader } from "../health";

/**
 * A Facebook Page has no publishing quota or session to read: its health is its token's state
 * and expiry, which the channel row already holds. Nothing is called.
 */
export const facebookHealth: HealthReader = {
  source: "Facebook",
  platform: "FACEBOOK",
  async read() {
    return {};
  },
};
