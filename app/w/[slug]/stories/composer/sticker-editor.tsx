"use client";

import { type KeyboardEvent, type MouseEvent, useEffect, useState } from "react";
import {
  apiAddsSticker,
  STICKER_FEATURES,
  STICKER_LABELS,
  type StickerFeature,
} from "@/lib/core/platform-limits";
import { perPlatform } from "@/lib/core/platforms/registry";
import { type Sticker, stickerSchema } from "@/lib/core/stickers";
import type { ComposerChannel } from "./composer-types";

// Placing, editing and removing the stickers planned on a story's frames: a layer over the phone
// preview (click where one goes, or the keyboard), and a panel listing them with a small form for
// the selected one and, per chosen channel, whether its API adds it or a person posts the story by
// hand (decision 023).

const PLATFORM_NAMES = perPlatform((d) => d.name);

/** A sticker being composed: the fields of every kind, so changing its kind keeps what was typed. */
export type StickerDraft = {
  kind: StickerFeature;
  x: number;
  y: number;
  username: string;
  url: string;
  text: string;
};

/** A draft on a frame of the composer (frames are named by their key, which survives reordering). */
export type PlacedSticker = { id: string; frameKey: string; sticker: StickerDraft };

/**
 * Who gets a handoff for stickers an API cannot add: the story's author ("you" in their own), or
 * the owners and admins; `plural` for the verb ("you get", "Sam gets").
 */
export type HandoffPerson = { name: string; plural: boolean };

const STICKER_NOUNS: Record<StickerFeature, string> = {
  mention: "Mention stickers",
  link: "Link stickers",
  poll: "Poll stickers",
  question: "Question stickers",
  location: "Location stickers",
  music: "Music stickers",
};

const TEXT_LABELS: Record<Exclude<StickerFeature, "mention" | "link">, string> = {
  poll: "Poll question",
  question: "Question",
  location: "Place name",
  music: "Song and artist",
};

export function emptyDraft(kind: StickerFeature, x: number, y: number): StickerDraft {
  return { kind, x, y, username: "", url: "", text: "" };
}

/** A stored sticker as a draft, for a story being edited. */
export function draftOf(sticker: Sticker): StickerDraft {
  return {
    ...emptyDraft(sticker.kind, sticker.x, sticker.y),
    ...(sticker.kind === "mention"
      ? { username: sticker.username }
      : sticker.kind === "link"
        ? { url: sticker.url, text: sticker.text ?? "" }
        : { text: sticker.text }),
  };
}

/** The draft in the story content's shape (what the server parses with stickerSchema). */
export function stickerInput(draft: StickerDraft, frame: number) {
  const at = { frame, x: draft.x, y: draft.y };
  if (draft.kind === "mention") return { ...at, kind: draft.kind, username: draft.username };
  if (draft.kind === "link")
    return { ...at, kind: draft.kind, url: draft.url, ...(draft.text.trim() ? { text: draft.text } : {}) };
  return { ...at, kind: draft.kind, text: draft.text };
}

/** What the sticker says, for lists and labels: the tagged account, the link, or its text. */
export function stickerWhat(draft: StickerDraft): string {
  const value =
    draft.kind === "mention"
      ? draft.username && `@${draft.username.replace(/^@/, "")}`
      : draft.kind === "link"
        ? draft.url
        : draft.text && `“${draft.text}”`;
  return value || "(not filled in yet)";
}

const percent = (value: number) => `${Math.round(value * 100)}%`;
const clamp = (value: number) => Math.min(1, Math.max(0, Math.round(value * 100) / 100));

/**
 * The layer over the preview's frame: a click adds a sticker there; focused, Enter adds one in the
 * middle, the arrow keys move the selected one by 1% (10% with Shift) and Delete removes it.
 */
export function StickerLayer({
  frameNumber,
  stickers,
  selectedId,
  onAdd,
  onSelect,
  onMove,
  onRemove,
}: {
  frameNumber: number;
  stickers: PlacedSticker[];
  selectedId: string | null;
  onAdd: (x: number, y: number) => void;
  onSelect: (id: string) => void;
  onMove: (id: string, x: number, y: number) => void;
  onRemove: (id: string) => void;
}) {
  const selected = stickers.find((s) => s.id === selectedId);
  // A click on the layer before hydration places nothing; tests wait for this mark.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    onAdd(clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Enter on a sticker's own button selects it; on the layer it adds one.
    if (event.key === "Enter" && event.target === event.currentTarget) {
      event.preventDefault();
      onAdd(0.5, 0.5);
      return;
    }
    if (!selected) return;
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      onRemove(selected.id);
      event.currentTarget.focus();
      return;
    }
    const step = event.shiftKey ? 0.1 : 0.01;
    const move: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const by = move[event.key];
    if (!by) return;
    event.preventDefault();
    onMove(selected.id, clamp(selected.sticker.x + by[0]), clamp(selected.sticker.y + by[1]));
  };
  return (
    <div
      role="application"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a surface to place stickers on by point and by keyboard (role application), which no native control is
      tabIndex={0}
      aria-label={`Stickers on frame ${frameNumber}: click where a sticker goes, or press Enter to add one in the middle. Arrow keys move the selected sticker (with Shift, 10% at a time); Delete removes it.`}
      aria-describedby="sticker-layer-status"
      data-testid="sticker-layer"
      data-ready={ready ? "true" : undefined}
      onClick={onClick}
      onKeyDown={onKeyDown}
      className="absolute inset-0 z-10 cursor-crosshair focus:outline-4 focus:outline-offset-[-4px] focus:outline-brand-500"
    >
      {stickers.map(({ id, sticker }) => (
        <button
          key={id}
          type="button"
          aria-pressed={id === selectedId}
          aria-label={`${STICKER_LABELS[sticker.kind]} ${stickerWhat(sticker)}, ${percent(sticker.x)} across, ${percent(sticker.y)} down`}
          data-testid="placed-sticker"
          onClick={(event) => {
            event.stopPropagation();
            onSelect(id);
          }}
          className={`absolute max-w-[80%] -translate-x-1/2 -translate-y-1/2 truncate rounded-lg px-2 py-1 text-[11px] font-semibold shadow ${
            id === selectedId ? "bg-brand-600 text-white ring-2 ring-white" : "bg-white/95 text-zinc-900"
          }`}
          style={{ left: percent(sticker.x), top: percent(sticker.y) }}
        >
          {STICKER_LABELS[sticker.kind]}
        </button>
      ))}
      <span id="sticker-layer-status" className="sr-only" aria-live="polite">
        {selected
          ? `Selected: ${STICKER_LABELS[selected.sticker.kind]} at ${percent(selected.sticker.x)} across, ${percent(selected.sticker.y)} down.`
          : `${stickers.length} sticker${stickers.length === 1 ? "" : "s"} on this frame.`}
      </span>
    </div>
  );
}

/**
 * Every sticker of the story, by frame, each with what the chosen channels do with it; the
 * selected one with its form (kind, what it says, where it is) and Remove.
 */
export function StickerPanel({
  stickers,
  frameNumber,
  selectedId,
  addKind,
  onAddKind,
  onSelect,
  onChange,
  onRemove,
  channels,
  handoffTo,
  error,
}: {
  stickers: PlacedSticker[];
  /** Frame number (1-based) of each sticker's frame; absent when its frame is gone. */
  frameNumber: (frameKey: string) => number | null;
  selectedId: string | null;
  addKind: StickerFeature;
  onAddKind: (kind: StickerFeature) => void;
  onSelect: (id: string) => void;
  onChange: (id: string, sticker: StickerDraft) => void;
  onRemove: (id: string) => void;
  channels: ComposerChannel[];
  handoffTo: HandoffPerson;
  error?: string;
}) {
  const selected = stickers.find((s) => s.id === selectedId);
  return (
    <section
      aria-labelledby="stickers-heading"
      className="flex w-full flex-col gap-3"
      data-testid="sticker-panel"
    >
      <h2 id="stickers-heading" className="text-lg font-semibold">
        Stickers
      </h2>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Sticker to add</span>
        <select
          value={addKind}
          onChange={(event) => onAddKind(event.target.value as StickerFeature)}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1.5"
        >
          {STICKER_FEATURES.map((kind) => (
            <option key={kind} value={kind}>
              {STICKER_LABELS[kind]}
            </option>
          ))}
        </select>
        <span className="text-xs text-zinc-500">
          Then click the preview where it goes, or focus the preview and press Enter.
        </span>
      </label>
      {error ? (
        <p className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
      {stickers.length === 0 ? (
        <p className="text-sm text-zinc-500">No stickers yet.</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm" aria-label="Stickers on this story">
          {stickers.map(({ id, frameKey, sticker }) => (
            <li
              key={id}
              data-testid="sticker-item"
              className={`flex flex-col gap-1 rounded-md border p-2 ${id === selectedId ? "border-brand-500" : "border-zinc-200"}`}
            >
              <div className="flex flex-wrap items-center gap-2">
                <span className="min-w-0 flex-1 break-words" data-testid="sticker-summary">
                  Frame {frameNumber(frameKey)}: {STICKER_LABELS[sticker.kind]} {stickerWhat(sticker)}
                </span>
                {id === selectedId ? null : (
                  <button
                    type="button"
                    onClick={() => onSelect(id)}
                    aria-label={`Edit ${STICKER_LABELS[sticker.kind].toLowerCase()} on frame ${frameNumber(frameKey)}`}
                    className="rounded border border-zinc-300 px-2 py-0.5 text-xs font-medium"
                  >
                    Edit
                  </button>
                )}
              </div>
              <ChannelNotes kind={sticker.kind} channels={channels} handoffTo={handoffTo} />
            </li>
          ))}
        </ul>
      )}
      {selected ? (
        <StickerForm
          key={selected.id}
          placed={selected}
          frameNumber={frameNumber(selected.frameKey)}
          onChange={(sticker) => onChange(selected.id, sticker)}
          onRemove={() => onRemove(selected.id)}
        />
      ) : null}
    </section>
  );
}

/** Per chosen channel, in plain words: its API adds the sticker, or a person posts the story. */
function ChannelNotes({
  kind,
  channels,
  handoffTo,
}: {
  kind: StickerFeature;
  channels: ComposerChannel[];
  handoffTo: HandoffPerson;
}) {
  if (channels.length === 0) return null;
  return (
    <ul className="flex flex-col gap-0.5 text-xs" aria-label="What each channel does with it">
      {channels.map((channel) => {
        const platform = PLATFORM_NAMES[channel.platform];
        const text = channel.postedBy
          ? `${channel.displayName} is posted by hand by ${channel.postedBy}, sticker included.`
          : apiAddsSticker(channel.platform, kind)
            ? `${platform} adds this ${STICKER_LABELS[kind].toLowerCase()} (${channel.displayName}).`
            : `${STICKER_NOUNS[kind]} cannot be added through ${platform}'s API: ${handoffTo.name} ${
                handoffTo.plural ? "get" : "gets"
              } a handoff to post this story by hand on ${channel.displayName}.`;
        return (
          <li
            key={channel.id}
            data-testid="sticker-channel-note"
            className={
              channel.postedBy || apiAddsSticker(channel.platform, kind)
                ? "text-emerald-800"
                : "text-amber-800"
            }
          >
            {text}
          </li>
        );
      })}
    </ul>
  );
}

function StickerForm({
  placed,
  frameNumber,
  onChange,
  onRemove,
}: {
  placed: PlacedSticker;
  frameNumber: number | null;
  onChange: (sticker: StickerDraft) => void;
  onRemove: () => void;
}) {
  const { sticker } = placed;
  const base = `sticker-${placed.id}`;
  // The server's own rule, so a problem shows here before saving.
  const parsed = stickerSchema.safeParse(stickerInput(sticker, 0));
  const problem = parsed.success ? null : (parsed.error.issues[0]?.message ?? "Check this sticker.");
  const set = (change: Partial<StickerDraft>) => onChange({ ...sticker, ...change });
  const input =
    "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm aria-[invalid]:border-red-500";
  return (
    <fieldset className="flex flex-col gap-2 rounded-md bg-zinc-50 p-3" data-testid="sticker-form">
      <legend className="text-sm font-semibold">
        {STICKER_LABELS[sticker.kind]} on frame {frameNumber}
      </legend>
      <label className="flex flex-col gap-1 text-sm">
        <span>Kind</span>
        <select
          value={sticker.kind}
          onChange={(event) => set({ kind: event.target.value as StickerFeature })}
          className={input}
        >
          {STICKER_FEATURES.map((kind) => (
            <option key={kind} value={kind}>
              {STICKER_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      {sticker.kind === "mention" ? (
        <label className="flex flex-col gap-1 text-sm">
          <span>Username</span>
          <input
            value={sticker.username}
            onChange={(event) => set({ username: event.target.value })}
            placeholder="@partner"
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${base}-problem`}
            className={input}
          />
        </label>
      ) : sticker.kind === "link" ? (
        <>
          <label className="flex flex-col gap-1 text-sm">
            <span>Link URL</span>
            <input
              type="url"
              value={sticker.url}
              onChange={(event) => set({ url: event.target.value })}
              placeholder="https://example.com/sale"
              aria-invalid={problem ? true : undefined}
              aria-describedby={`${base}-problem`}
              className={input}
            />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span>Sticker text (optional)</span>
            <input
              value={sticker.text}
              onChange={(event) => set({ text: event.target.value })}
              className={input}
            />
          </label>
        </>
      ) : (
        <label className="flex flex-col gap-1 text-sm">
          <span>{TEXT_LABELS[sticker.kind]}</span>
          <input
            value={sticker.text}
            onChange={(event) => set({ text: event.target.value })}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${base}-problem`}
            className={input}
          />
        </label>
      )}
      <div className="flex flex-wrap gap-2">
        <label className="flex flex-col gap-1 text-sm">
          <span>Across (%)</span>
          <input
            type="number"
            min={0}
            max={100}
            value={Math.round(sticker.x * 100)}
            onChange={(event) => set({ x: clamp(Number(event.target.value) / 100) })}
            className={`${input} w-24`}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span>Down (%)</span>
          <input
            type="number"
            min={0}
            max={100}
            value={Math.round(sticker.y * 100)}
            onChange={(event) => set({ y: clamp(Number(event.target.value) / 100) })}
            className={`${input} w-24`}
          />
        </label>
      </div>
      <p id={`${base}-problem`} className="text-xs text-red-700" data-testid="sticker-problem">
        {problem}
      </p>
      <button
        type="button"
        onClick={onRemove}
        className="self-start rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
      >
        Remove sticker
      </button>
    </fieldset>
  );
}
