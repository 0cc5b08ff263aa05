/** The placeholder a chat post's link is written with; the sender puts PUBLIC_BASE_URL in its place. */
export const BASE_URL_PLACEHOLDER = "{{base}}";

/**
 * A notice as a chat message in the markup Slack, Mattermost and Discord's Slack endpoint share
 * (`<url|label>` links, `*bold*`). The link is stored relative: the base URL is the sender's
 * configuration, not the event's.
 */
export function chatText(notice: { title: string; body: string; link: string | null }): string {
  const title = escapeChat(notice.title);
  const head = notice.link ? `*<${BASE_URL_PLACEHOLDER}${notice.link}|${title}>*` : `*${title}*`;
  return notice.body ? `${head}\n${escapeChat(notice.body)}` : head;
}

/** Slack's three control characters; a title with `<` must not open a link. */
export function escapeChat(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** The text as sent: relative links made absolute. */
export function chatTextForSending(text: string, baseUrl: string): string {
  return text.replaceAll(BASE_URL_PLACEHOLDER, baseUrl.replace(/\/$/, ""));
}
