import type { SecretBox } from "@/lib/crypto/secret-box";
import { FetchDeadlineError, formatSeconds, safeFetch } from "@/lib/net/safe-fetch";

export type ChatPostConfig = {
  allowPrivate: boolean;
  /** The whole exchange (WEBHOOK_DEADLINE_MS). */
  deadlineMs: number;
};

/** Seals a chat webhook's URL bound to its workspace, so a ciphertext copied to another one fails to open. */
export const chatUrlContext = (workspaceId: string) => `chat-webhook:${workspaceId}`;

export type SealedChatUrl = {
  urlKeyId: string;
  urlIv: Uint8Array;
  urlTag: Uint8Array;
  urlCiphertext: Uint8Array;
};

export function openChatUrl(box: SecretBox, workspaceId: string, sealed: SealedChatUrl): string {
  return box.open(
    {
      keyId: sealed.urlKeyId,
      iv: Buffer.from(sealed.urlIv),
      authTag: Buffer.from(sealed.urlTag),
      ciphertext: Buffer.from(sealed.urlCiphertext),
    },
    chatUrlContext(workspaceId),
  );
}

/**
 * One POST of `{ "text": … }` to an incoming webhook (Slack, Mattermost and Discord's /slack
 * endpoint all take it), under the URL policy. Never throws: the receiver's status or the network's
 * error is the result, for the delivery log and the "Send test" button.
 */
export async function postChat(
  url: string,
  text: string,
  config: ChatPostConfig,
): Promise<{ statusCode: number | null; error: string | null }> {
  try {
    const response = await safeFetch(url, {
      method: "POST",
      allowPrivate: config.allowPrivate,
      maxBytes: 16 * 1024,
      timeoutMs: Math.min(10_000, config.deadlineMs),
      deadlineMs: config.deadlineMs,
      body: JSON.stringify({ text }),
      headers: { "content-type": "application/json", "user-agent": "StoryRelay-Chat/1" },
    });
    const ok = response.status >= 200 && response.status < 300;
    const said = response.body.toString("utf8").trim().slice(0, 200);
    return {
      statusCode: response.status,
      error: ok ? null : `The chat service answered HTTP ${response.status}${said ? `: ${said}` : ""}.`,
    };
  } catch (caught) {
    return {
      statusCode: null,
      error:
        caught instanceof FetchDeadlineError
          ? `The chat service did not answer within ${formatSeconds(caught.deadlineMs)}.`
          : caught instanceof Error
            ? caught.message
            : String(caught),
    };
  }
}
