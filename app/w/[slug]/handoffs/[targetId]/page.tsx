import { CopyButton } from "@/app/_components/copy-button";
import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireWorkspace } from "@/app/_lib/workspace";
import { STICKER_LABELS } from "@/lib/core/platform-limits";
import type { StoredSticker } from "@/lib/core/stickers";
import { db } from "@/lib/db/client";
import { getHandoff } from "@/lib/publishing/get-handoff";
import { ChannelBadge } from "../../channel-badge";
import { completeHandoffAction } from "../../stories-actions";
import { thumbnailSigner } from "../../thumbnail-urls";
import { HandoffDoneForm } from "./handoff-done-form";

// /w/[slug]/handoffs/[targetId] – the phone page of a story handed to a person (decision 023):
// each frame to save, the stickers and caption to paste, where each sticker goes, and "Done".
// Laid out for a phone first: one column, full-width buttons.

export const metadata = { title: "Post by hand" };

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "video/mp4": "mp4",
  "video/quicktime": "mov",
};

const button =
  "inline-flex items-center justify-center rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm font-medium hover:bg-zinc-50";

export default async function HandoffPage({
  params,
}: {
  params: Promise<{ slug: string; targetId: string }>;
}) {
  const { slug, targetId } = await params;
  const ctx = await requireWorkspace(slug);
  const handoff = await orNotFound(getHandoff(db(), ctx, targetId));
  const sign = thumbnailSigner();
  const base = `/w/${ctx.workspaceSlug}`;
  const title = handoff.story.title || "Untitled story";
  const waiting = handoff.state === "AWAITING_PERSON";
  return (
    <article className="mx-auto flex w-full max-w-md flex-col gap-5">
      <header className="flex flex-col gap-2">
        <p className="text-sm">
          <Link href={`${base}/handoffs`} className="text-brand-700 underline">
            All stories to post by hand
          </Link>
        </p>
        <h1 className="text-2xl font-semibold break-words">Post by hand: {title}</h1>
        <p className="flex flex-wrap items-center gap-2 text-sm text-zinc-700">
          <ChannelBadge channel={handoff.channel} />
          <span>
            {handoff.channel.displayName} · {handoff.story.brandName}
          </span>
        </p>
        {handoff.story.scheduledAt ? (
          <p className="text-sm text-zinc-700">
            Due <LocalTime instant={handoff.story.scheduledAt.toISOString()} zone={handoff.story.timeZone} />
          </p>
        ) : null}
        <p className="text-sm text-zinc-700" data-testid="handoff-assignee">
          {handoff.assignee
            ? `Handed to ${handoff.assignee.id === ctx.userId ? "you" : handoff.assignee.name}.`
            : "Handed to the workspace's owners and admins."}
        </p>
      </header>

      {waiting ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="handoff-status">
          Waiting for you: save each frame, post them in this order on {handoff.channel.displayName} with the
          stickers and caption below, then press Done.
        </p>
      ) : (
        <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="handoff-status">
          {handoff.note ?? "This channel is no longer waiting for anyone."}{" "}
          {handoff.publishedAt ? (
            <>
              (<LocalTime instant={handoff.publishedAt.toISOString()} zone={handoff.story.timeZone} />)
            </>
          ) : null}{" "}
          <Link href={`${base}/stories/${handoff.story.id}`} className="underline">
            Open the story
          </Link>
        </p>
      )}

      <ol className="flex flex-col gap-5" aria-label="Frames to post, in order">
        {handoff.frames.map((frame, index) => {
          const url = frame.media ? sign(frame.media.storageKey) : null;
          const name = `Frame ${index + 1}`;
          return (
            <li
              key={frame.position}
              className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-3"
              data-testid="handoff-frame"
            >
              <h2 className="font-semibold">{name}</h2>
              <div className="relative mx-auto aspect-[9/16] w-48 overflow-hidden rounded-xl bg-zinc-800">
                {frame.media && url ? (
                  frame.media.kind === "VIDEO" ? (
                    <video src={url} muted playsInline controls className="h-full w-full object-cover" />
                  ) : (
                    // biome-ignore lint/performance/noImgElement: signed media URLs, not static assets for next/image
                    <img
                      src={url}
                      alt={`${name}: ${frame.media.originalName}`}
                      className="h-full w-full object-cover"
                    />
                  )
                ) : (
                  <p
                    className="grid h-full place-items-center p-3 text-center text-sm text-white"
                    style={{ backgroundColor: frame.backgroundColor ?? undefined }}
                  >
                    {frame.text}
                  </p>
                )}
                {frame.stickers.map((sticker, i) => (
                  <span
                    // biome-ignore lint/suspicious/noArrayIndexKey: stickers have no identity beyond their place
                    key={i}
                    aria-hidden="true"
                    className="absolute -translate-x-1/2 -translate-y-1/2 rounded bg-white/90 px-1.5 py-0.5 text-[10px] font-semibold text-zinc-900 shadow"
                    style={{ left: `${sticker.x * 100}%`, top: `${sticker.y * 100}%` }}
                  >
                    {i + 1}
                  </span>
                ))}
              </div>
              {frame.media && url ? (
                <a
                  href={url}
                  download={`${slugOf(title)}-frame-${index + 1}.${EXTENSIONS[frame.media.mimeType] ?? "bin"}`}
                  className={`${button} w-full`}
                  aria-label={`Download ${name.toLowerCase()}`}
                >
                  Download {frame.media.kind === "VIDEO" ? "video" : "image"}
                </a>
              ) : frame.text ? (
                <div className="flex flex-col gap-1 text-sm">
                  <p>Post it as a text status:</p>
                  <p className="rounded bg-zinc-50 p-2 break-words whitespace-pre-wrap">{frame.text}</p>
                  <CopyButton value={frame.text} ariaLabel={`Copy the text of ${name.toLowerCase()}`} />
                </div>
              ) : null}
              {frame.caption ? (
                <div className="flex flex-col gap-1 text-sm">
                  <p className="font-medium">Caption</p>
                  <p className="rounded bg-zinc-50 p-2 break-words whitespace-pre-wrap">{frame.caption}</p>
                  <CopyButton value={frame.caption} ariaLabel="Copy the caption" />
                </div>
              ) : null}
              {frame.stickers.length > 0 ? (
                <ul className="flex flex-col gap-2 text-sm" aria-label={`Stickers on ${name.toLowerCase()}`}>
                  {frame.stickers.map((sticker, i) => (
                    <StickerItem
                      // biome-ignore lint/suspicious/noArrayIndexKey: stickers have no identity beyond their place
                      key={i}
                      number={i + 1}
                      sticker={sticker}
                      frameName={name.toLowerCase()}
                    />
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>

      {waiting ? (
        <HandoffDoneForm
          action={completeHandoffAction.bind(null, ctx.workspaceSlug, handoff.story.id, handoff.id)}
          channelName={handoff.channel.displayName}
        />
      ) : null}
    </article>
  );
}

/** A sticker to add by hand: what to paste (with Copy), and where it goes on the frame. */
function StickerItem({
  number,
  sticker,
  frameName,
}: {
  number: number;
  sticker: StoredSticker;
  frameName: string;
}) {
  const { value, what } =
    sticker.kind === "mention"
      ? { value: `@${sticker.username}`, what: "username" }
      : sticker.kind === "link"
        ? { value: sticker.url, what: "link URL" }
        : { value: sticker.text, what: `${STICKER_LABELS[sticker.kind].toLowerCase()} text` };
  return (
    <li className="flex flex-col gap-1 rounded border border-zinc-200 p-2" data-testid="handoff-sticker">
      <p>
        <span className="mr-1 rounded bg-zinc-900 px-1.5 text-xs font-semibold text-white">{number}</span>
        <strong>{STICKER_LABELS[sticker.kind]}</strong>: add it in the app
      </p>
      <p className="font-mono text-xs break-all">{value}</p>
      {sticker.kind === "link" && sticker.text ? (
        <p className="text-xs">Sticker text: {sticker.text}</p>
      ) : null}
      <p className="text-xs text-zinc-600">
        Place it about {Math.round(sticker.x * 100)}% from the left and {Math.round(sticker.y * 100)}% from
        the top (marker {number} on the picture).
      </p>
      <CopyButton value={value} ariaLabel={`Copy the ${what} of sticker ${number} on ${frameName}`} />
    </li>
  );
}

/** A file name from the story's title: letters and digits, dashes between. */
function slugOf(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "story"
  );
}
