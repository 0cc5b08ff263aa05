"use client";

import { type KeyboardEvent, type ReactNode, useId, useState } from "react";
import { PLATFORM_LIMITS, type StoryPlatform } from "@/lib/core/platform-limits";
import { PLATFORM_DESCRIPTORS, perPlatform } from "@/lib/core/platforms/registry";
import type { MediaItem } from "./composer-types";

/** Hatched, so the covered bands read as "not yours" over any picture. */
const BAND = "repeating-linear-gradient(135deg, rgba(220,38,38,0.35) 0 6px, rgba(0,0,0,0.35) 6px 12px)";

// Tab names and the app's own reply box come from each platform's descriptor.
const TAB_LABELS = perPlatform((d) => d.name);
const BOTTOM_UI = perPlatform((d) => d.replyPrompt);

/** One frame of the preview: media, or a text status (its text on its colour). */
export type PreviewFrame = {
  key: string;
  item: MediaItem | undefined;
  text?: { text: string; backgroundColor: string };
};

/**
 * A phone-shaped preview per platform (tabs), showing one frame as that app would, with the
 * bands the app covers with its own UI marked, so text is kept out of them. `framesFor` gives each
 * platform's frames (per-channel overrides may leave some out).
 */
export function PhonePreview({
  platforms,
  framesFor,
  selectedAssetKey,
  onSelect,
  captionFor,
  accountName,
  layer,
}: {
  platforms: StoryPlatform[];
  framesFor: (platform: StoryPlatform) => PreviewFrame[];
  selectedAssetKey: string | null;
  onSelect: (key: string) => void;
  captionFor: (platform: StoryPlatform) => string;
  accountName: (platform: StoryPlatform) => string;
  /** Drawn over the frame shown (the sticker layer), given the frame's key and its number. */
  layer?: (frameKey: string, frameNumber: number) => ReactNode;
}) {
  const [chosen, setChosen] = useState<StoryPlatform>(platforms[0] ?? PLATFORM_DESCRIPTORS[0].platform);
  const platform = platforms.includes(chosen) ? chosen : (platforms[0] ?? PLATFORM_DESCRIPTORS[0].platform);
  const id = useId();
  const frames = framesFor(platform);
  const index = Math.max(
    0,
    frames.findIndex((f) => f.key === selectedAssetKey),
  );
  const current = frames[index];
  const caption = captionFor(platform);
  // The caption goes with the first image or video, as the publisher sends it.
  const captioned = frames.findIndex((f) => !f.text);
  const go = (to: number) => {
    const frame = frames[to];
    if (frame) onSelect(frame.key);
  };

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = platforms[(platforms.indexOf(platform) + step + platforms.length) % platforms.length];
    if (next) {
      setChosen(next);
      document.getElementById(`${id}-tab-${next}`)?.focus();
    }
  };

  return (
    <div className="flex flex-col items-center gap-3">
      <div role="tablist" aria-label="Preview on" className="flex gap-1 rounded-lg bg-zinc-100 p-1">
        {platforms.map((p) => (
          <button
            key={p}
            id={`${id}-tab-${p}`}
            type="button"
            role="tab"
            aria-selected={p === platform}
            aria-controls={`${id}-panel`}
            tabIndex={p === platform ? 0 : -1}
            onClick={() => setChosen(p)}
            onKeyDown={onTabKey}
            className={`rounded-md px-3 py-1 text-sm font-medium ${p === platform ? "bg-white shadow" : "text-zinc-600"}`}
          >
            {TAB_LABELS[p]}
          </button>
        ))}
      </div>
      <div
        id={`${id}-panel`}
        role="tabpanel"
        aria-labelledby={`${id}-tab-${platform}`}
        className="flex flex-col items-center gap-2"
      >
        <Phone
          platform={platform}
          item={current?.item}
          text={current?.text}
          count={frames.length}
          index={index}
          caption={index === captioned ? caption : ""}
          accountName={accountName(platform)}
          layer={current && layer ? layer(current.key, index + 1) : null}
        />
        <div className="flex items-center gap-2 text-sm">
          <button
            type="button"
            className="rounded border border-zinc-300 px-2 py-1 disabled:opacity-40"
            disabled={index <= 0}
            onClick={() => go(index - 1)}
          >
            Previous frame
          </button>
          <span aria-live="polite">
            {frames.length === 0 ? "No frame for this platform" : `Frame ${index + 1} of ${frames.length}`}
          </span>
          <button
            type="button"
            className="rounded border border-zinc-300 px-2 py-1 disabled:opacity-40"
            disabled={index >= frames.length - 1}
            onClick={() => go(index + 1)}
          >
            Next frame
          </button>
        </div>
      </div>
    </div>
  );
}

function Phone({
  platform,
  item,
  text,
  count,
  index,
  caption,
  accountName,
  layer,
}: {
  platform: StoryPlatform;
  item: MediaItem | undefined;
  text?: PreviewFrame["text"];
  count: number;
  index: number;
  caption: string;
  accountName: string;
  layer: ReactNode;
}) {
  const { safeZone, label } = PLATFORM_LIMITS[platform];
  return (
    <figure
      aria-label={`${label} preview`}
      data-testid="phone-preview"
      className="relative aspect-[9/16] w-56 overflow-hidden rounded-[2rem] border-8 border-zinc-900 bg-zinc-800 shadow-xl sm:w-64"
    >
      {text ? (
        <p
          data-testid="preview-text-status"
          className="absolute inset-0 grid place-items-center whitespace-pre-wrap break-words p-6 text-center text-lg font-medium text-white"
          style={{ backgroundColor: text.backgroundColor }}
        >
          {text.text}
        </p>
      ) : item ? (
        item.kind === "VIDEO" ? (
          <video
            key={item.url}
            src={item.url}
            muted
            loop
            autoPlay
            playsInline
            className="absolute inset-0 h-full w-full object-cover"
          />
        ) : (
          // biome-ignore lint/performance/noImgElement: signed media URLs, not static assets for next/image
          <img
            src={item.url}
            alt={item.originalName}
            className="absolute inset-0 h-full w-full object-cover"
          />
        )
      ) : (
        <p className="absolute inset-0 grid place-items-center p-4 text-center text-sm text-zinc-300">
          Add a frame to see it here
        </p>
      )}
      <div
        data-testid="safe-zone-top"
        className="absolute inset-x-0 top-0 flex flex-col gap-1 border-b border-dashed border-red-300 p-2 text-white"
        style={{ height: `${safeZone.top * 100}%`, background: BAND }}
      >
        <div className="flex gap-0.5" aria-hidden="true">
          {Array.from({ length: Math.max(count, 1) }, (_, i) => (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: progress segments have no identity
              key={i}
              className={`h-0.5 flex-1 rounded ${i <= index ? "bg-white" : "bg-white/40"}`}
            />
          ))}
        </div>
        <span className="text-xs font-semibold drop-shadow">{accountName}</span>
        <span className="mt-auto text-[10px] uppercase tracking-wide text-white/90">App UI covers this</span>
      </div>
      <div
        data-testid="safe-zone-bottom"
        className="absolute inset-x-0 bottom-0 flex flex-col justify-end gap-1 border-t border-dashed border-red-300 p-2 text-white"
        style={{ height: `${safeZone.bottom * 100}%`, background: BAND }}
      >
        <span className="text-[10px] uppercase tracking-wide text-white/90">App UI covers this</span>
        {caption ? <p className="line-clamp-2 text-xs drop-shadow">{caption}</p> : null}
        <span className="rounded-full border border-white/70 px-2 py-1 text-[10px]">
          {BOTTOM_UI[platform]}
        </span>
      </div>
      {layer}
      <figcaption className="sr-only">
        The top {Math.round(safeZone.top * 100)}% and bottom {Math.round(safeZone.bottom * 100)}% are covered
        by {label}'s own controls: keep text and logos out of them.
      </figcaption>
    </figure>
  );
}
