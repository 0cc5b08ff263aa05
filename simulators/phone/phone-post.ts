import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { SimHttpError, type SimResponse } from "../http/sim-response";
import { actAsViewer, viewerMessageSchema } from "../messaging/viewer-message";

const WHAT: Record<string, string> = {
  story_reply: "Reply",
  story_reaction: "Reaction",
  story_mention: "Mention",
  text: "Message",
  reaction: "Reaction",
};

function errorText(error: unknown): string {
  if (error instanceof SimHttpError) {
    const body = error.body as { error?: unknown; issues?: { path: string; message: string }[] };
    if (body.issues?.length)
      return body.issues.map((issue) => `${issue.path || "form"} ${issue.message}`).join("; ");
    if (typeof body.error === "string") return body.error;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * POST /_sim/phone/messages: the phone page's forms (plain urlencoded posts, no script needed).
 * Acts as the sandbox person like POST /_sim/viewers/messages, then redirects back to the page
 * with the outcome to show: sent and delivered, sent with nobody subscribed, or why it was refused.
 */
export function postFromPhone(state: SimState, req: SimRequest): SimResponse {
  const field = (name: string) => {
    const value = req.params.get(name)?.trim();
    return value ? value : undefined;
  };
  let notice: string;
  let tone: "ok" | "error" = "ok";
  const parsed = viewerMessageSchema.safeParse({
    platform: field("platform"),
    accountId: field("accountId"),
    kind: field("kind"),
    storyId: field("storyId"),
    text: field("text"),
    viewer: field("name") ? { name: field("name") } : undefined,
  });
  if (!parsed.success) {
    tone = "error";
    notice = `Not sent: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "form"} ${issue.message}`).join("; ")}`;
  } else {
    try {
      const result = actAsViewer(state, req.origin, parsed.data);
      const what = WHAT[parsed.data.kind] ?? "Message";
      notice =
        result.deliveries.length > 0
          ? `Sent — delivered to StoryRelay (${what.toLowerCase()} from ${result.viewer.name})`
          : `${what} sent, but not delivered: no webhook is subscribed to these messages`;
    } catch (error) {
      tone = "error";
      notice = `Not sent: ${errorText(error)}`;
    }
  }
  const back = new URLSearchParams();
  const platform = field("return_platform");
  const account = field("return_account");
  if (platform) back.set("platform", platform);
  if (account) back.set("account", account);
  back.set("notice", notice);
  back.set("tone", tone);
  // Back to the phone the form was on (its header's id), not the top of a page of many phones.
  const anchor = parsed.success
    ? `#${encodeURIComponent(`${parsed.data.platform}-${parsed.data.accountId}`)}`
    : "";
  return { status: 303, headers: { location: `/?${back.toString()}${anchor}` }, body: "" };
}
