import type { UserTag } from "../core/entities";
import type { SimState } from "../core/sim-state";
import { settleSession } from "../waha/waha-pairing";

interface LiveItem {
  /** What a reply names as the story: Instagram media id, Facebook story post id, WAHA status id. */
  id: string;
  kind: "image" | "video" | "text";
  sha256: string;
  text?: string;
  background?: string;
  publishedAt: number;
  /** Instagram mentions, drawn where they were placed. */
  userTags?: UserTag[];
}

interface AccountFeed {
  platform: string;
  id: string;
  name: string;
  /** How a person sees the account: @username, the page name, the WhatsApp session's name. */
  displayName: string;
  items: LiveItem[];
  /** A WAHA session showing a QR code: the page shows it with a button that "scans" it. */
  awaitingScan?: boolean;
}

/** What each account shows right now: stories younger than 24 h (simulated time), newest first. */
export function liveFeeds(state: SimState): AccountFeed[] {
  const now = state.now();
  const from = now - state.options.storyLifetimeMs;
  const live = (at: number) => at > from && at <= now;
  const feeds: AccountFeed[] = [];
  for (const account of state.instagramAccounts.values()) {
    const items = [...state.instagramMedia.values()]
      .filter((media) => media.accountId === account.id && live(media.publishedAt))
      .map((media) => ({
        id: media.id,
        kind: media.kind,
        sha256: media.sha256,
        publishedAt: media.publishedAt,
        userTags: media.userTags,
      }));
    const name = `@${account.username}`;
    feeds.push({ platform: "instagram", id: account.id, name, displayName: name, items });
  }
  for (const page of state.pages.values()) {
    const items = [...state.stories.values()]
      .filter((story) => story.pageId === page.id && live(story.publishedAt))
      .map((story) => ({
        id: story.postId,
        kind: story.kind === "photo" ? ("image" as const) : ("video" as const),
        sha256: story.sha256,
        publishedAt: story.publishedAt,
      }));
    feeds.push({ platform: "facebook", id: page.id, name: page.name, displayName: page.name, items });
  }
  for (const session of state.sessions.values()) {
    settleSession(state, session);
    const items = [...state.wahaStatuses.values()]
      .filter(
        (status) => status.session === session.id && status.deletedAt === undefined && live(status.createdAt),
      )
      .map((status) => ({
        id: status.id,
        kind: status.kind,
        sha256: status.sha256,
        text: status.kind === "text" ? status.text : undefined,
        background: status.backgroundColor,
        publishedAt: status.createdAt,
      }));
    feeds.push({
      platform: "whatsapp",
      id: session.id,
      name: `${session.name} (${session.state})`,
      displayName: session.name,
      items,
      awaitingScan: session.state === "SCAN_QR_CODE",
    });
  }
  for (const feed of feeds) feed.items.sort((a, b) => b.publishedAt - a.publishedAt);
  return feeds;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function ago(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min ago`;
}

const PLATFORM_LABEL: Record<string, string> = {
  instagram: "Instagram",
  facebook: "Facebook Page",
  whatsapp: "WhatsApp Status",
};

/** 0..1 as a CSS percentage, to a tenth (0.3 * 100 is 30.000000000000004 in floating point). */
const percent = (fraction: number) => `${Math.round(fraction * 1000) / 10}%`;

/** Where a form post comes back to: the page it was sent from, with the outcome to show. */
function returnFields(only: PhoneView): string {
  const fields = [
    only.platform ? `<input type="hidden" name="return_platform" value="${escapeHtml(only.platform)}">` : "",
    only.account ? `<input type="hidden" name="return_account" value="${escapeHtml(only.account)}">` : "",
  ];
  return fields.join("");
}

/** Who the sandbox person is: a name, so one page can play several people. */
function nameField(id: string): string {
  const safe = escapeHtml(id);
  return `<div class="who"><label for="${safe}">Your name</label><input id="${safe}" name="name" value="Sandbox Viewer" autocomplete="off"></div>`;
}

/** The reply form under a live story: a person answers with text, or reacts with a heart. */
function replyForm(feed: AccountFeed, item: LiveItem, only: PhoneView): string {
  const label = `Reply to ${feed.displayName}`;
  return `<form class="reply" method="post" action="/_sim/phone/messages">
<input type="hidden" name="platform" value="${escapeHtml(feed.platform)}"><input type="hidden" name="accountId" value="${escapeHtml(feed.id)}"><input type="hidden" name="storyId" value="${escapeHtml(item.id)}">${returnFields(only)}
${nameField(`name-${feed.platform}-${feed.id}-${item.id}`)}
<textarea name="text" rows="2" required aria-label="${escapeHtml(label)}" placeholder="${escapeHtml(label)}…"></textarea>
<div class="actions"><button type="submit" name="kind" value="story_reply">Send reply</button><button type="submit" name="kind" value="story_reaction" formnovalidate>React ❤️</button></div>
</form>`;
}

/** Instagram only: the person mentions the account in a story of their own. */
function mentionForm(feed: AccountFeed, only: PhoneView): string {
  return `<form class="mention-form" method="post" action="/_sim/phone/messages">
<input type="hidden" name="platform" value="instagram"><input type="hidden" name="accountId" value="${escapeHtml(feed.id)}"><input type="hidden" name="kind" value="story_mention">${returnFields(only)}
${nameField(`name-${feed.platform}-${feed.id}-mention`)}
<button type="submit" title="Mention ${escapeHtml(feed.displayName)} in my story">Mention in my story</button>
</form>`;
}

function renderItem(
  feed: AccountFeed,
  item: LiveItem,
  now: number,
  lifetimeMs: number,
  only: PhoneView,
): string {
  const media =
    item.kind === "image"
      ? `<img src="/_sim/media/${item.sha256}" alt="story image">`
      : item.kind === "video"
        ? `<video src="/_sim/media/${item.sha256}" autoplay muted loop playsinline></video>`
        : `<div class="text" style="background:${escapeHtml(item.background ?? "#25d366")}">${escapeHtml(item.text ?? "")}</div>`;
  const tags = (item.userTags ?? [])
    .map(
      (tag) =>
        `<span class="mention" data-username="${escapeHtml(tag.username)}" style="left:${percent(tag.x)};top:${percent(tag.y)}">@${escapeHtml(tag.username)}</span>`,
    )
    .join("");
  const left = Math.max(0, item.publishedAt + lifetimeMs - now);
  return `<div class="frame"><figure class="story" data-sha256="${item.sha256}" data-story-id="${escapeHtml(item.id)}">${media}${tags}<figcaption>${ago(now - item.publishedAt)} · expires in ${Math.ceil(left / 3_600_000)} h</figcaption></figure>
${replyForm(feed, item, only)}</div>`;
}

/** What the brand sent this account's people (the Send APIs' ledger), newest first. */
function brandMessages(state: SimState, feed: AccountFeed, now: number): string {
  const sent = state.messaging.sent
    .filter((message) => message.platform === feed.platform && message.accountId === feed.id)
    .slice(-20)
    .reverse();
  const items = sent
    .map((message) => {
      const to = state.messaging.people.get(message.recipientId)?.name ?? message.recipientId;
      const body = message.text
        ? escapeHtml(message.text)
        : message.attachmentUrl
          ? `<a href="${escapeHtml(message.attachmentUrl)}">attachment</a>`
          : "";
      const tag = message.tag ? ` <span class="tag">${escapeHtml(message.tag)}</span>` : "";
      return `<li data-message-id="${escapeHtml(message.messageId)}"><span class="to">To ${escapeHtml(to)}${tag} · ${ago(now - message.sentAt)}</span><span class="body">${body}</span></li>`;
    })
    .join("");
  return `<section class="inbox" aria-label="Messages from the brand"><h2>Messages from the brand</h2>${items ? `<ol>${items}</ol>` : '<p class="empty">None yet</p>'}</section>`;
}

export interface PhoneView {
  platform?: string;
  account?: string;
  /** The outcome of the last form post, shown at the top. */
  notice?: string;
  tone?: "ok" | "error";
}

/**
 * The page at `/`: one phone per account with its live stories, refreshed every few seconds.
 * `/?platform=instagram&account=<id>` shows that one account's phone: where StoryRelay's
 * "View on the platform" leads for a sandbox channel, as a real permalink leads to the app.
 * Under each story a sandbox person can reply or react (plain form posts to the control API),
 * and each phone lists the messages the brand sent back.
 */
export function renderPhonePage(state: SimState, only: PhoneView = {}): string {
  const now = state.now();
  const feeds = liveFeeds(state).filter(
    (feed) =>
      (!only.platform || feed.platform === only.platform) && (!only.account || feed.id === only.account),
  );
  const none = only.account
    ? `<p class="empty">No ${escapeHtml(only.platform ?? "")} account ${escapeHtml(only.account)} on this simulator (it forgets accounts on restart; StoryRelay's workers register them again within a minute).</p>`
    : '<p class="empty">No accounts yet: create one with POST /_sim/accounts.</p>';
  const phones = feeds
    .map(
      (feed) => `<section class="phone ${feed.platform}" aria-label="${escapeHtml(feed.displayName)}">
  <header id="${feed.platform}-${escapeHtml(feed.id)}"><strong>${escapeHtml(feed.name)}</strong><span>${PLATFORM_LABEL[feed.platform]} · ${escapeHtml(feed.id)}</span></header>
  ${feed.awaitingScan ? `<div class="pair"><img src="/_sim/sessions/${encodeURIComponent(feed.id)}/qr" alt="QR code of session ${escapeHtml(feed.id)}"><button type="button" data-scan="${escapeHtml(feed.id)}">Scan with this phone</button></div>` : ""}
  ${feed.platform === "instagram" ? mentionForm(feed, only) : ""}
  <div class="stories">${feed.items.length === 0 ? '<p class="empty">No live stories</p>' : feed.items.map((item) => renderItem(feed, item, now, state.options.storyLifetimeMs, only)).join("")}</div>
  ${brandMessages(state, feed, now)}
</section>`,
    )
    .join("\n");
  const notice = only.notice
    ? `<p id="notice" role="status" class="notice ${only.tone === "error" ? "error" : "ok"}">${escapeHtml(only.notice)}</p>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>StoryRelay simulators – live stories</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;background:#111;color:#eee;margin:0;padding:1rem}
h1{font-size:1.1rem;font-weight:600}
h2{font-size:.8rem;font-weight:600;margin:.75rem 0 .25rem;color:#bbb}
#feed{display:flex;flex-wrap:wrap;gap:1rem}
.phone{width:260px;border:10px solid #333;border-radius:28px;background:#000;padding:.5rem;box-sizing:border-box}
.phone header{display:flex;flex-direction:column;font-size:.8rem;margin-bottom:.5rem}
.phone header span{color:#999}
.instagram header strong{color:#e1306c}.facebook header strong{color:#1877f2}.whatsapp header strong{color:#25d366}
.stories{display:flex;flex-direction:column;gap:.75rem;max-height:70vh;overflow-y:auto}
.story{margin:0;aspect-ratio:9/16;position:relative;background:#222;border-radius:12px;overflow:hidden}
.story img,.story video{width:100%;height:100%;object-fit:cover}
.story .text{width:100%;height:100%;display:flex;align-items:center;justify-content:center;text-align:center;padding:1rem;box-sizing:border-box;font-size:1.2rem}
.story figcaption{position:absolute;bottom:0;left:0;right:0;font-size:.7rem;padding:.3rem;background:rgba(0,0,0,.5)}
.story .mention{position:absolute;transform:translate(-50%,-50%);background:#fff;color:#000;font-weight:700;font-size:.8rem;padding:.2rem .5rem;border-radius:6px;white-space:nowrap}
form{display:flex;flex-direction:column;gap:.3rem;font-size:.75rem;margin-top:.3rem}
form .who{display:flex;gap:.3rem;align-items:center;color:#bbb}
form input,form textarea{font:inherit;background:#1c1c1c;color:#eee;border:1px solid #444;border-radius:6px;padding:.3rem}
form input{flex:1;min-width:0}
form .actions{display:flex;gap:.3rem}
form button{font:inherit;flex:1;padding:.35rem;border-radius:6px;border:0;background:#333;color:#eee;cursor:pointer}
form button:hover{background:#444}
.mention-form{margin-bottom:.5rem}
.inbox ol{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.3rem}
.inbox li{background:#1877f2;color:#fff;border-radius:10px;padding:.3rem .5rem;font-size:.8rem;display:flex;flex-direction:column}
.inbox .to{font-size:.65rem;opacity:.8}
.inbox .tag{background:rgba(0,0,0,.3);border-radius:4px;padding:0 .2rem}
.notice{padding:.5rem .75rem;border-radius:8px;font-size:.9rem}
.notice.ok{background:#14532d}.notice.error{background:#7f1d1d}
.empty{color:#777;font-size:.8rem}
.pair{display:flex;flex-direction:column;gap:.5rem;margin-bottom:.5rem}
.pair img{width:100%;background:#fff;border-radius:8px}
.pair button{font:inherit;padding:.5rem;border-radius:8px;border:0;background:#25d366;color:#000;font-weight:600;cursor:pointer}
</style></head>
<body><h1>Live stories (simulated time ${new Date(now).toISOString()})</h1>
${notice}
<div id="feed">${phones || none}</div>
<script>
// "Scan" a session's QR code as the linked phone would: the session becomes WORKING.
document.addEventListener("click", async (event) => {
  const id = event.target instanceof Element ? event.target.getAttribute("data-scan") : null;
  if (!id) return;
  await fetch("/_sim/sessions/" + encodeURIComponent(id) + "/scan", { method: "POST" });
  location.reload();
});
// Refresh the phones, but never under someone typing a reply (it would wipe the text).
const busy = () => {
  const active = document.activeElement;
  if (active && active.closest("form")) return true;
  return [...document.querySelectorAll("#feed textarea, #feed input[name=name]")].some((field) => field.value !== field.defaultValue);
};
setInterval(async () => {
  if (busy()) return;
  try {
    const html = await (await fetch(location.href)).text();
    if (busy()) return;
    const next = new DOMParser().parseFromString(html, "text/html");
    document.getElementById("feed").replaceWith(next.getElementById("feed"));
    document.querySelector("h1").replaceWith(next.querySelector("h1"));
  } catch {}
}, 5000);
</script></body></html>`;
}
