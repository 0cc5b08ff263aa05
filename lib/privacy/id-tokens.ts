/**
 * Whether a text (a Redis key, a job's id or payload) names any of `ids`. Ids are matched as whole
 * tokens between separators, so one id never matches inside another, and the check is one pass
 * over the text whatever the number of ids (a workspace has thousands of stories).
 */
export function namesAny(text: string, ids: ReadonlySet<string>): boolean {
  for (const token of text.split(/[^A-Za-z0-9_@.+-]+/)) {
    if (token && ids.has(token)) return true;
    // Job ids and keys join a word and an id with "-" ("publish-<id>"): look at the parts too.
    if (token.includes("-")) for (const part of token.split("-")) if (part && ids.has(part)) return true;
  }
  return false;
}
