import { z } from "zod";
import type { HealthReader } from "../health";
import { instagramClient } from "./instagram-publisher";

const limitSchema = z.object({
  data: z.array(
    z.object({
      quota_usage: z.number().default(0),
      config: z
        .object({ quota_total: z.number().optional(), quota_duration: z.number().optional() })
        .optional(),
    }),
  ),
});

/**
 * Instagram's rolling publishing quota, as the account's own answer states it. Unlike the
 * publisher's quota check (which must decide something and falls back to the documented cap), a
 * missing total stays unknown here: the page shows what Meta said, and the cap differs per account.
 */
export const instagramHealth: HealthReader = {
  source: "Instagram",
  platform: "INSTAGRAM",
  // GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config
  async read(account, endpoints) {
    const { data } = await instagramClient(account, endpoints).request({
      method: "GET",
      path: `${account.externalAccountId}/content_publishing_limit`,
      params: { fields: "quota_usage,config" },
      schema: limitSchema,
    });
    const entry = data.data[0];
    return {
      quota: {
        used: entry?.quota_usage ?? 0,
        total: entry?.config?.quota_total ?? null,
        windowMs: entry?.config?.quota_duration ? entry.config.quota_duration * 1000 : null,
      },
    };
  },
};
