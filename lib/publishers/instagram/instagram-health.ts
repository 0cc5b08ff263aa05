import type { HealthReader } from "../health";
import { readPublishingLimit } from "./instagram-publisher";

/**
 * Instagram's rolling publishing quota, as the account's own answer states it. Unlike the
 * publisher's quota check (which must decide something and falls back to the documented cap), a
 * missing total stays unknown here: the page shows what Meta said, and the cap differs per account.
 */
export const instagramHealth: HealthReader = {
  source: "Instagram",
  platform: "INSTAGRAM",
  async read(account, endpoints) {
    const entry = await readPublishingLimit(account, endpoints);
    return {
      quota: {
        used: entry?.quota_usage ?? 0,
        total: entry?.config?.quota_total ?? null,
        windowMs: entry?.config?.quota_duration ? entry.config.quota_duration * 1000 : null,
      },
    };
  },
};
