/**
 * A mention is stored in the comment's text as `@[Name](userId)`: the id makes it stable when the
 * member is renamed, the name keeps the text readable where tokens are not rendered (an e-mail, the
 * API). The composer's picker inserts it; a hand-typed token is checked like any other.
 */
const MENTION = /@\[([^\]\n]{1,100})\]\(([A-Za-z0-9_-]{1,64})\)/g;

export type Mention = { name: string; userId: string };

/** The mentions in a comment, each person once, in the order they first appear. */
export function parseMentions(body: string): Mention[] {
  const seen = new Map<string, Mention>();
  for (const match of body.matchAll(MENTION)) {
    const [, name = "", userId = ""] = match;
    if (!seen.has(userId)) seen.set(userId, { name, userId });
  }
  return [...seen.values()];
}

export type CommentPart = { text: string } | { mention: Mention };

/** The comment as text and mentions, for rendering a mention apart from the words around it. */
export function splitMentions(body: string): CommentPart[] {
  const parts: CommentPart[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ text: body.slice(last, index) });
    parts.push({ mention: { name: match[1] ?? "", userId: match[2] ?? "" } });
    last = index + match[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/** The comment as plain text (`@Name`), for notices, mail and chat. */
export function plainComment(body: string): string {
  return body.replace(MENTION, (_token, name: string) => `@${name}`);
}

export function mentionToken(mention: Mention): string {
  return `@[${mention.name.replace(/[\]\n]/g, " ")}](${mention.userId})`;
}
