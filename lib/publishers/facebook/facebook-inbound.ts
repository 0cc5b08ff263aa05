import { z } from "zod";
import { graphClientFor } from "../graph-shared";
import type { InboundAdapter } from "../inbound-contract";
import { isMetaObject, parseMetaMessaging } from "../meta-inbound";

const profileSchema = z.object({
  id: z.coerce.string(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  profile_pic: z.string().optional(),
});

/**
 * Messenger (a Facebook Page's messages, story replies included): Meta's envelope with
 * `object: "page"`; the entry id is the Page id. A page story reply names the story by its post id
 * or its photo/video id: both are what the pipeline stored for the frame, and the inbox matches
 * either. The profile (first and last name, picture) is read with the page token; Messenger has no
 * username.
 */
export const facebookInbound: InboundAdapter = {
  platform: "FACEBOOK",
  source: "meta",
  claims: (body) => isMetaObject(body, "page"),
  parse: parseMetaMessaging,
  async readProfile(account, endpoints, personId) {
    const { data } = await graphClientFor(account, endpoints, endpoints.facebookGraph, "Facebook").request({
      method: "GET",
      path: encodeURIComponent(personId),
      params: { fields: "first_name,last_name,profile_pic" },
      schema: profileSchema,
    });
    const name = [data.first_name, data.last_name].filter(Boolean).join(" ");
    return { ...(name ? { name } : {}), ...(data.profile_pic ? { avatarUrl: data.profile_pic } : {}) };
  },
};
