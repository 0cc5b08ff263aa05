import type { MessagingSender } from "../messaging-contract";
import { sendThroughMetaSendApi } from "../meta-send-api";

/** Messenger: the Send API on graph.facebook.com with the Page token, addressed to the page id. */
export const facebookMessaging: MessagingSender = {
  platform: "FACEBOOK",
  send(account, request, endpoints) {
    return sendThroughMetaSendApi({
      baseUrl: endpoints.facebookGraph,
      accountId: account.externalAccountId,
      token: account.secret,
      label: "Facebook",
      request,
      endpoints,
    });
  },
};
