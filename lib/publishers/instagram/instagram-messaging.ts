import type { MessagingSender } from "../messaging-contract";
import { sendThroughMetaSendApi } from "../meta-send-api";
import { hostOf } from "./instagram-client";

/**
 * Instagram messaging: the Send API on the host the channel was connected through (Instagram
 * Login: graph.instagram.com; Facebook Login: graph.facebook.com), addressed to the IG user id.
 */
export const instagramMessaging: MessagingSender = {
  platform: "INSTAGRAM",
  send(account, request, endpoints) {
    const baseUrl = hostOf(account) === "facebook" ? endpoints.facebookGraph : endpoints.instagramGraph;
    return sendThroughMetaSendApi({
      baseUrl,
      accountId: account.externalAccountId,
      token: account.secret,
      label: "Instagram",
      request,
      endpoints,
    });
  },
};
