import { z } from "zod";
import type { InboundAdapter } from "../inbound-contract";
import { isMetaObject, parseMetaMessaging } from "../meta-inbound";
import { instagramClient } from "./instagram-client";

const profileSchema = z.object({
  id: z.coerce.string(),
  name: z.string().optional(),
  username: z.string().optional(),
  profile_pic: z.string().optional(),
});

/**
 * Instagram messaging: Meta's envelope with `object: "instagram"`; the entry id is the Instagram
 * user id (a channel's externalAccountId). The profile is the Instagram user profile API (name,
 * username, picture), on the host the channel logged in with.
 */
export const instagramInbound: InboundAdapter = {
  platform: "INSTAGRAM",
  source: "meta",
  claims: (body) => isMetaObject(body, "instagram"),
  parse: parseMetaMessaging,
  async readProfile(account, endpoints, personId) {
    const { data } = await instagramClient(account, endpoints).request({
      method: "GET",
      path: encodeURIComponent(personId),
      params: { fields: "name,username,profile_pic" },
      schema: profileSchema,
    });
    return {
      ...(data.name ? { name: data.name } : {}),
      ...(data.username ? { handle: data.username } : {}),
      ...(data.profile_pic ? { avatarUrl: data.profile_pic } : {}),
    };
  },
};
