import type { UserTag } from "../core/entities";
import type { SimState } from "../core/sim-state";
import { settleSession } from "../waha/waha-pairing";

interface LiveItem {
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
        kind: media.kind,
        sha256: media.sha256,
        publishedAt: media.publishedAt,
        userTags: media.userTags,
      }));
    feeds.push({ platform: "instagram", id: account.id, name: `@${account.username}`, items });
  }
  for (const page of state.pages.values()) {
    const items = [...state.stories.values()]
      .filter((story) => story.pageId === page.id && live(story.publishedAt))
      .map((story) => ({
        kind: story.kind === "photo" ? ("image" as const) : ("video" as const),
        sha256: story.sha256,
        publishedAt: story.publishedAt,
      }));
    feeds.push({ platform: "facebook", id: page.id, name: page.name, items });
  }
  for (const session of state.sessions.values()) {
    settleSession(state, session);
    const items = [...state.wahaStatuses.values()]
      .filter(
        (status) => status.session === session.id && status.deletedAt === undefined && live(status.createdAt),
      )
      .map((status) => ({
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

function renderItem(item: LiveItem, now: number, lifetimeMs: number): string {
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
  return `<figure class="story" data-sha256="${item.sha256}">${media}${tags}<figcaption>${ago(now - item.publishedAt)} · expires in ${Math.ceil(left / 3_600_000)} h</figcaption></figure>`;
}

/**
 * The page at `/`: one phone per account with its live stories, refreshed every few seconds.
 * `/?platform=instagram&account=<id>` shows that one account's phone: where StoryRelay's
 * "View on the platform" leads for a sandbox channel, as a real permalink leads to the app.
 */
export function renderPhonePage(state: SimState, only?: { platform?: string; account?: string }): string {
  const now = state.now();
  const feeds = liveFeeds(state).filter(
    (feed) =>
      (!only?.platform || feed.platform === only.platform) && (!only?.account || feed.id === only.account),
  );
  const none = only?.account
    ? `<p class="empty">No ${escapeHtml(only.platform ?? "")} account ${escapeHtml(only.account)} on this simulator (it forgets accounts on restart; StoryRelay's workers register them again within a minute).</p>`
    : '<p class="empty">No accounts yet: create one with POST /_sim/accounts.</p>';
  const phones = feeds
    .map(
      (feed) => `<section class="phone ${feed.platform}">
  <header id="${feed.platform}-${escapeHtml(feed.id)}"><strong>${escapeHtml(feed.name)}</strong><span>${PLATFORM_LABEL[feed.platform]} · ${escapeHtml(feed.id)}</span></header>
  ${feed.awaitingScan ? `<div class="pair"><img src="/_sim/sessions/${encodeURIComponent(feed.id)}/qr" alt="QR code of session ${escapeHtml(feed.id)}"><button type="button" data-scan="${escapeHtml(feed.id)}">Scan with this phone</button></div>` : ""}
  <div class="stories">${feed.items.length === 0 ? '<p class="empty">No live stories</p>' : feed.items.map((item) => renderItem(item, now, state.options.storyLifetimeMs)).join("")}</div>
</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>StoryRelay simulators – live stories</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;background:#111;color:#eee;margin:0;padding:1rem}
h1{font-size:1.1rem;font-weight:600}
#feed{display:flex;flex-wrap:wrap;gap:1rem}
.phone{width:260px;border:10px solid #333;border-radius:28px;background:#000;padding:.5rem;box-sizing:border-box}
.phone header{display:flex;flex-direction:column;font-size:.8rem;margin-bottom:.5rem}
.phone header span{color:#999}
.instagram header strong{color:#e1306c}.facebook header strong{color:#1877f2}.whatsapp header strong{color:#25d366}
.stories{display:flex;flex-direction:column;gap:.5rem;max-height:70vh;overflow-y:auto}
.story{margin:0;aspect-ratio:9/16;position:relative;background:#222;border-radius:12px;overflow:hidden}
.story img,.story video{width:100%;height:100%;object-fit:cover}
.story .text{width:100%;height:100%;display:flex;align-items:center;justify-content:center;text-align:center;padding:1rem;box-sizing:border-box;font-size:1.2rem}
.story figcaption{position:absolute;bottom:0;left:0;right:0;font-size:.7rem;padding:.3rem;background:rgba(0,0,0,.5)}
.story .mention{position:absolute;transform:translate(-50%,-50%);background:#fff;color:#000;font-weight:700;font-size:.8rem;padding:.2rem .5rem;border-radius:6px;white-space:nowrap}
.empty{color:#777;font-size:.8rem}
.pair{display:flex;flex-direction:column;gap:.5rem;margin-bottom:.5rem}
.pair img{width:100%;background:#fff;border-radius:8px}
.pair button{font:inherit;padding:.5rem;border-radius:8px;border:0;background:#25d366;color:#000;font-weight:600;cursor:pointer}
</style></head>
<body><h1>Live stories (simulated time ${new Date(now).toISOString()})</h1>
<div id="feed">${phones || none}</div>
<script>
// "Scan" a session's QR code as the linked phone would: the session becomes WORKING.
document.addEventListener("click", async (event) => {
  const id = event.target instanceof Element ? event.target.getAttribute("data-scan") : null;
  if (!id) return;
  await fetch("/_sim/sessions/" + encodeURIComponent(id) + "/scan", { method: "POST" });
  location.reload();
});
setInterval(async () => {
  try {
    const html = await (await fetch(location.href)).text();
    const next = new DOMParser().parseFromString(html, "text/html");
    document.getElementById("feed").replaceWith(next.getElementById("feed"));
    document.querySelector("h1").replaceWith(next.querySelector("h1"));
  } catch {}
}, 5000);
</script></body></html>`;
}
