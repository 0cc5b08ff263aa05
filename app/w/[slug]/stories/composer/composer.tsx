"use client";

import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { FormMessage } from "@/app/_components/form";
import { PrivacyPanel } from "@/app/_components/privacy-panel";
import { TextCounter } from "@/app/_components/text-counter";
import { ConfirmDialog, publishNowConfirmation } from "@/app/_components/ui/confirm-dialog";
import type { ActionState } from "@/app/_lib/action-state";
import {
  DEFAULT_TEXT_BACKGROUND,
  PLATFORM_LIMITS,
  STORY_PLATFORMS,
  type StickerFeature,
  type StoryPlatform,
} from "@/lib/core/platform-limits";
import type { PrivacySection } from "@/lib/core/privacy-facts";
import { MAX_STICKERS_PER_FRAME } from "@/lib/core/stickers";
import { type CheckLevel, checkStory, platformShowsFrame } from "@/lib/core/story-checks";
import { countText } from "@/lib/core/text-limits";
import { localScheduleTimeProblem } from "@/lib/core/time-bounds";
import { parseWallClock, wallClockToInstant } from "@/lib/core/wall-clock";
import { ChannelBadge } from "../../channel-badge";
import type { ComposerPayload } from "../../composer-actions";
import { AudienceSelect, audiencesOf } from "./audience-select";
import { type BestSlot, BestSlots } from "./best-slots";
import { ChecksMatrix } from "./checks-matrix";
import {
  type ComposerChannel,
  type ComposerInitial,
  describeMedia,
  type Frame,
  frameName,
  isTextFrame,
  type MediaItem,
} from "./composer-types";
import { FrameList, Thumbnail } from "./frame-list";
import { PhonePreview } from "./phone-preview";
import {
  draftOf,
  emptyDraft,
  type HandoffPerson,
  type PlacedSticker,
  StickerLayer,
  StickerPanel,
  stickerInput,
} from "./sticker-editor";
import { TextStatusEditor } from "./text-status-editor";
import { WhenField } from "./when-field";

type Intent = ComposerPayload["intent"];

const inputClass = "rounded-md border border-zinc-300 bg-white px-3 py-2 aria-[invalid]:border-red-500";
const LEVEL_RANK: Record<CheckLevel, number> = { ok: 0, warning: 1, error: 2 };

/**
 * The story composer: frames from the media library (add, reorder, remove), channels with
 * per-channel overrides, the WhatsApp caption, a time in the brand's zone, a live preview per
 * platform and the checks. Save draft, Schedule and Publish now all go through one server action;
 * the server validates and checks everything again.
 */
export function Composer({
  action,
  brandId,
  timeZone,
  horizonDays,
  media,
  channels,
  initial,
  reviewBy = null,
  handoffTo = { name: "you", plural: true },
  bestSlots = [],
  privacy = [],
}: {
  action: (payload: ComposerPayload) => Promise<ActionState>;
  brandId: string;
  timeZone: string;
  /** How far ahead a story may be scheduled (SCHEDULE_HORIZON_DAYS): the server's rule, checked live. */
  horizonDays: number;
  media: MediaItem[];
  channels: ComposerChannel[];
  initial: ComposerInitial;
  /**
   * Who must approve, when the brand requires review ("an approver, an admin or an owner of Acme"):
   * the buttons then say what happens (sent for review), not that the story is scheduled.
   */
  reviewBy?: string | null;
  /** Who gets a handoff when a sticker cannot be added by a channel's API: the story's author. */
  handoffTo?: HandoffPerson;
  /**
   * The brand's best upcoming times from its own history (lib/analytics/get-best-times.ts), best
   * first; empty until it has enough history to recommend any. Choosing one fills the time.
   */
  bestSlots?: BestSlot[];
  /** The privacy panel's sections of the brand's channels' platforms; shown for the ones ticked. */
  privacy?: readonly PrivacySection[];
}) {
  const mediaById = useMemo(() => new Map(media.map((m) => [m.id, m])), [media]);
  const nextKey = useRef(initial.frames.length);
  const [title, setTitle] = useState(initial.title);
  const [frames, setFrames] = useState<Frame[]>(() =>
    initial.frames.map((frame, index) =>
      typeof frame === "string"
        ? { key: `f${index}`, assetId: frame }
        : {
            key: `f${index}`,
            text: frame.text,
            backgroundColor: frame.backgroundColor ?? DEFAULT_TEXT_BACKGROUND,
          },
    ),
  );
  const [channelIds, setChannelIds] = useState(initial.channelIds);
  // Who each status goes to, per channel that can choose; only new stories offer it (decision 033).
  const [audienceChoices, setAudienceChoices] = useState<Record<string, string>>({});
  const [excluded, setExcluded] = useState<Record<string, string[]>>(() => initialExclusions(initial));
  const [captions, setCaptions] = useState<Record<string, string>>(() =>
    Object.fromEntries(initial.overrides.flatMap((o) => (o.caption ? [[o.channelId, o.caption]] : []))),
  );
  const [whatsappText, setWhatsappText] = useState(initial.whatsappText);
  // Stickers follow their frame (by key) through reordering; a removed frame takes its stickers
  // with it.
  const nextStickerId = useRef(0);
  const [placed, setPlaced] = useState<PlacedSticker[]>(() =>
    (initial.stickers ?? []).map((sticker) => ({
      id: `s${nextStickerId.current++}`,
      frameKey: `f${sticker.frame}`,
      sticker: draftOf(sticker),
    })),
  );
  const [selectedSticker, setSelectedSticker] = useState<string | null>(null);
  const [addKind, setAddKind] = useState<StickerFeature>("mention");
  const [stickerRefusal, setStickerRefusal] = useState<string | null>(null);
  const framePosition = (key: string) => frames.findIndex((f) => f.key === key);
  const keptPlaced = placed.filter((p) => framePosition(p.frameKey) >= 0);
  const keptStickers = keptPlaced.map((p) => stickerInput(p.sticker, framePosition(p.frameKey)));
  const addSticker = (frameKey: string, x: number, y: number) => {
    if (keptPlaced.filter((p) => p.frameKey === frameKey).length >= MAX_STICKERS_PER_FRAME) {
      setStickerRefusal(`A frame has at most ${MAX_STICKERS_PER_FRAME} stickers: remove one to add another.`);
      return;
    }
    const id = `s${nextStickerId.current++}`;
    setStickerRefusal(null);
    setPlaced((current) => [...current, { id, frameKey, sticker: emptyDraft(addKind, x, y) }]);
    setSelectedSticker(id);
    setSelected(frameKey);
  };
  const changeSticker = (id: string, change: Partial<PlacedSticker["sticker"]>) =>
    setPlaced((current) =>
      current.map((p) => (p.id === id ? { ...p, sticker: { ...p.sticker, ...change } } : p)),
    );
  const removeSticker = (id: string) => {
    setPlaced((current) => current.filter((p) => p.id !== id));
    setSelectedSticker(null);
    setStickerRefusal(null);
  };
  const [local, setLocal] = useState(initial.local);
  const [selected, setSelected] = useState<string | null>(null);
  const [state, setState] = useState<ActionState>({ ok: false });
  const [pending, startTransition] = useTransition();
  const [lastIntent, setLastIntent] = useState<Intent | null>(null);
  // Publish now cannot be taken back, so it asks first; Schedule and Save draft can be undone.
  const [askingNow, setAskingNow] = useState(false);
  const publishNowButton = useRef<HTMLButtonElement>(null);
  const now = useNow();

  const chosen = channels.filter((c) => channelIds.includes(c.id));
  const positionsFor = (channelId: string): number[] | undefined => {
    const out = excluded[channelId] ?? [];
    if (!frames.some((f) => out.includes(f.key))) return undefined;
    return frames.flatMap((f, i) => (out.includes(f.key) ? [] : [i]));
  };
  const checks = checkStory({
    title,
    frames: frames.map((f) =>
      isTextFrame(f)
        ? { kind: "TEXT" as const, textLength: f.text.length }
        : factsOf(mediaById.get(f.assetId)),
    ),
    targets: chosen.map((c) => ({
      channelId: c.id,
      platform: c.platform,
      name: c.displayName,
      status: c.status,
      frames: positionsFor(c.id),
      caption: PLATFORM_LIMITS[c.platform].caption ? captions[c.id] : undefined,
      booked: c.booked,
    })),
    whatsappText,
    stickers: [...new Set(keptStickers.map((s) => s.kind))],
    at: instantOf(local, timeZone),
  });
  const levels = new Map(
    frames.map((f, i) => {
      const row = checks.rows[i];
      const worst = row
        ? Object.values(row).reduce<CheckLevel>(
            (acc, cell) => (LEVEL_RANK[cell.level] > LEVEL_RANK[acc] ? cell.level : acc),
            "ok",
          )
        : "ok";
      return [f.key, worst];
    }),
  );
  const takesCaption = (channel: ComposerChannel) => PLATFORM_LIMITS[channel.platform].caption;
  const hasCaption = chosen.some(takesCaption);
  const fields = state.fields ?? {};

  // Every limited text, counted as the server counts it; past a limit nothing can be sent.
  const titleCount = countText("title", title);
  const captionCount = countText("caption", whatsappText);
  const channelCaptionCounts = chosen
    .filter(takesCaption)
    .map((c) => countText("caption", captions[c.id] ?? ""));
  const overLimit = [titleCount, captionCount, ...channelCaptionCounts].filter(
    (count) => count.level === "error",
  );
  const tooLong = overLimit[0];
  // The server's rule for the time, in its words; only known once the browser says what now is.
  const timeProblem = now === null ? null : localScheduleTimeProblem(local, timeZone, now, horizonDays);

  const addFrame = (content: { assetId: string } | { text: string; backgroundColor: string }) => {
    const key = `f${nextKey.current++}`;
    setFrames((current) => [...current, { key, ...content }]);
    setSelected(key);
    // A text status goes only to the channels that can show one; the others leave it out.
    if ("text" in content) {
      for (const channel of chosen) {
        if (!platformShowsFrame(channel.platform, "TEXT")) setIncluded(channel.id, key, false);
      }
    }
  };
  const toggleChannel = (id: string, on: boolean) => {
    setChannelIds((current) => (on ? [...current, id] : current.filter((c) => c !== id)));
    const channel = channels.find((c) => c.id === id);
    if (on && channel && !platformShowsFrame(channel.platform, "TEXT")) {
      const textKeys = frames.filter(isTextFrame).map((f) => f.key);
      if (textKeys.length > 0) {
        setExcluded((current) => ({
          ...current,
          [id]: [...new Set([...(current[id] ?? []), ...textKeys])],
        }));
      }
    }
  };
  const setIncluded = (channelId: string, frameKey: string, on: boolean) =>
    setExcluded((current) => {
      const out = (current[channelId] ?? []).filter((k) => k !== frameKey);
      return { ...current, [channelId]: on ? out : [...out, frameKey] };
    });
  const excludeForPlatform = (frameIndex: number, platform: StoryPlatform) => {
    const key = frames[frameIndex]?.key;
    if (!key) return;
    for (const channel of chosen.filter((c) => c.platform === platform)) setIncluded(channel.id, key, false);
  };

  const submit = (intent: Intent) => {
    setLastIntent(intent);
    const payload: ComposerPayload = {
      intent,
      storyId: initial.storyId,
      brandId,
      title,
      frames: frames.map((f) =>
        isTextFrame(f) ? { text: f.text, backgroundColor: f.backgroundColor } : f.assetId,
      ),
      channelIds,
      whatsappText: whatsappText.trim() || undefined,
      overrides: chosen.flatMap((c) => {
        const positions = positionsFor(c.id);
        const caption = takesCaption(c) ? captions[c.id]?.trim() : undefined;
        return positions || caption
          ? [{ channelId: c.id, frames: positions, caption: caption || undefined }]
          : [];
      }),
      stickers: keptStickers,
      local,
      audiences: initial.storyId ? [] : audiencesOf(audienceChoices, channelIds),
    };
    startTransition(async () => {
      // On success the action redirects to the story's page; only a refusal comes back.
      setState(await action(payload));
    });
  };

  const platforms = checks.platforms.length > 0 ? checks.platforms : [...STORY_PLATFORMS];
  const framesFor = (platform: StoryPlatform) =>
    frames
      .filter((f) =>
        chosen.length === 0
          ? true
          : chosen.some((c) => c.platform === platform && !(excluded[c.id] ?? []).includes(f.key)),
      )
      .map((f) =>
        isTextFrame(f)
          ? { key: f.key, item: undefined, text: { text: f.text, backgroundColor: f.backgroundColor } }
          : { key: f.key, item: mediaById.get(f.assetId) },
      );
  const captionFor = (platform: StoryPlatform) => {
    if (!PLATFORM_LIMITS[platform].caption) return "";
    const channel = chosen.find((c) => c.platform === platform);
    return (channel && captions[channel.id]?.trim()) || whatsappText;
  };
  const accountName = (platform: StoryPlatform) =>
    chosen.find((c) => c.platform === platform)?.displayName ??
    channels.find((c) => c.platform === platform)?.displayName ??
    "Your account";
  const blocked = checks.errors > 0;
  const scheduleBlocked = blocked || timeProblem !== null;
  // Why Schedule or Publish now cannot be pressed, in words next to the buttons.
  const reasons = [
    tooLong ? `${tooLong.message} Shorten it to save, schedule or publish.` : null,
    checks.errors > overLimit.length
      ? `Schedule and Publish now wait until the checks show no errors (${checks.errors} below).`
      : null,
    timeProblem ? `Schedule needs a time it can take: ${timeProblem}` : null,
  ].filter((reason): reason is string => reason !== null);

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-8 lg:grid-cols-[minmax(0,1fr)_18rem] xl:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="flex min-w-0 flex-col gap-6">
        <FormMessage state={state} />

        <div className="flex flex-col gap-1">
          <label htmlFor="composer-title" className="text-sm font-medium">
            Title (optional)
          </label>
          <input
            id="composer-title"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            aria-describedby="composer-title-hint composer-title-count"
            aria-invalid={titleCount.level === "error" || fields.title ? true : undefined}
            className={inputClass}
          />
          <p id="composer-title-hint" className="text-xs text-zinc-500">
            For your team; not published.
          </p>
          <TextCounter id="composer-title-count" count={titleCount} />
        </div>

        <section aria-labelledby="frames-heading" className="flex flex-col gap-3">
          <h2 id="frames-heading" className="text-lg font-semibold">
            Frames
          </h2>
          <FrameList
            frames={frames}
            media={mediaById}
            levels={levels}
            onChange={setFrames}
            onSelect={setSelected}
            selected={selected}
          />
          {fields.frames ? (
            <p className="text-sm text-red-700" role="alert">
              {fields.frames}
            </p>
          ) : null}
          <MediaLibrary media={media.filter((m) => m.ready)} onAdd={(assetId) => addFrame({ assetId })} />
          <TextStatusEditor onAdd={(text, backgroundColor) => addFrame({ text, backgroundColor })} />
        </section>

        <fieldset
          className="flex flex-col gap-2"
          aria-describedby={fields.channelIds ? "channels-error" : undefined}
        >
          <legend className="mb-1 text-lg font-semibold">Channels</legend>
          {channels.length === 0 ? (
            <p className="text-sm text-zinc-500">This brand has no channels yet: connect one first.</p>
          ) : null}
          {channels.map((channel) => (
            <div key={channel.id} className="flex flex-col gap-1">
              <label className="flex flex-wrap items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={channelIds.includes(channel.id)}
                  disabled={channel.status === "DISABLED" && !channelIds.includes(channel.id)}
                  onChange={(event) => toggleChannel(channel.id, event.target.checked)}
                />
                <ChannelBadge channel={channel} />
                {channel.displayName}
              </label>
              {channel.audienceLists && !initial.storyId && channelIds.includes(channel.id) ? (
                <AudienceSelect
                  channel={channel}
                  value={audienceChoices[channel.id] ?? "ALL"}
                  onChange={(value) => setAudienceChoices((now) => ({ ...now, [channel.id]: value }))}
                />
              ) : null}
              {channel.status === "NEEDS_REAUTH" ? (
                <p className="ml-6 text-xs text-amber-800">
                  Needs reconnecting{channel.statusReason ? `: ${channel.statusReason}` : ""}. The story waits
                  on this channel until it is reconnected.
                </p>
              ) : null}
            </div>
          ))}
          {fields.channelIds ? (
            <p id="channels-error" className="text-sm text-red-700">
              {fields.channelIds}
            </p>
          ) : null}
        </fieldset>
        <PrivacyPanel
          id="composer-privacy"
          sections={privacy.filter((section) => chosen.some((c) => c.platform === section.platform))}
        />

        {hasCaption ? (
          <div className="flex flex-col gap-1">
            <label htmlFor="composer-whatsapp" className="text-sm font-medium">
              WhatsApp caption (optional)
            </label>
            <textarea
              id="composer-whatsapp"
              rows={2}
              value={whatsappText}
              onChange={(event) => setWhatsappText(event.target.value)}
              aria-describedby="composer-whatsapp-hint composer-whatsapp-count"
              aria-invalid={captionCount.level === "error" || fields.whatsappText ? true : undefined}
              className={inputClass}
            />
            <p id="composer-whatsapp-hint" className="text-xs text-zinc-500">
              Shown under the first image or video on WhatsApp Status (a text status carries its own text).
              Instagram and Facebook stories take no caption.
            </p>
            <TextCounter id="composer-whatsapp-count" count={captionCount} />
            {fields.whatsappText ? <p className="text-sm text-red-700">{fields.whatsappText}</p> : null}
          </div>
        ) : null}

        {chosen.length > 0 ? (
          <section aria-labelledby="overrides-heading" className="flex flex-col gap-2">
            <h2 id="overrides-heading" className="text-lg font-semibold">
              Per-channel changes
            </h2>
            {chosen.map((channel) => (
              <ChannelOverride
                key={channel.id}
                channel={channel}
                frames={frames}
                mediaById={mediaById}
                excluded={excluded[channel.id] ?? []}
                onToggle={(key, on) => setIncluded(channel.id, key, on)}
                caption={captions[channel.id] ?? ""}
                onCaption={(value) => setCaptions((current) => ({ ...current, [channel.id]: value }))}
              />
            ))}
            {fields.overrides ? <p className="text-sm text-red-700">{fields.overrides}</p> : null}
          </section>
        ) : null}

        <WhenField
          value={local}
          onChange={setLocal}
          timeZone={timeZone}
          problem={timeProblem}
          error={fields.local}
        />
        {bestSlots.length > 0 ? <BestSlots slots={bestSlots} chosen={local} onChoose={setLocal} /> : null}

        <div className="flex flex-wrap items-center gap-2 border-t border-zinc-200 pt-4">
          <button
            type="button"
            onClick={() => submit("schedule")}
            disabled={pending || scheduleBlocked}
            aria-describedby="composer-actions-hint"
            className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
          >
            {pending && lastIntent === "schedule"
              ? reviewBy
                ? "Sending…"
                : "Scheduling…"
              : reviewBy
                ? "Send for review"
                : "Schedule"}
          </button>
          <button
            ref={publishNowButton}
            type="button"
            // Nothing goes out before approval, so there is nothing to confirm.
            onClick={() => (reviewBy ? submit("now") : setAskingNow(true))}
            disabled={pending || blocked}
            aria-describedby="composer-actions-hint"
            className="rounded-md border border-brand-600 bg-white px-4 py-2 font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-60"
          >
            {pending && lastIntent === "now"
              ? reviewBy
                ? "Sending…"
                : "Publishing…"
              : reviewBy
                ? "Send for review, due now"
                : "Publish now"}
          </button>
          <ConfirmDialog
            open={askingNow}
            onOpenChange={setAskingNow}
            returnFocusTo={publishNowButton}
            onConfirm={() => submit("now")}
            confirmation={publishNowConfirmation(title, chosen.length)}
          />
          <button
            type="button"
            onClick={() => submit("draft")}
            disabled={pending || tooLong !== undefined}
            aria-describedby="composer-actions-hint"
            className="rounded-md border border-zinc-300 bg-white px-4 py-2 font-medium hover:bg-zinc-50 disabled:opacity-60"
          >
            {pending && lastIntent === "draft" ? "Saving…" : "Save draft"}
          </button>
          <div id="composer-actions-hint" className="w-full text-xs" data-testid="actions-hint">
            {reasons.length > 0 ? (
              reasons.map((reason) => (
                <p key={reason} className="text-red-700">
                  {reason}
                </p>
              ))
            ) : (
              <p className="text-zinc-500">Scheduling goes by the brand&apos;s time zone.</p>
            )}
            {reviewBy ? (
              <p className="text-amber-800" data-testid="review-hint">
                Send for review: {reviewBy} must approve it before it goes out. It is not published until
                then.
              </p>
            ) : null}
          </div>
        </div>
      </div>

      <aside className="flex min-w-0 flex-col gap-6" aria-label="Preview and checks">
        <PhonePreview
          platforms={platforms}
          framesFor={framesFor}
          selectedAssetKey={selected}
          onSelect={setSelected}
          captionFor={captionFor}
          accountName={accountName}
          layer={(frameKey, frameNumber) => {
            const frame = frames.find((f) => f.key === frameKey);
            // Stickers go on a picture or a video, not on a text status.
            if (!frame || isTextFrame(frame)) return null;
            return (
              <StickerLayer
                frameNumber={frameNumber}
                stickers={keptPlaced.filter((p) => p.frameKey === frameKey)}
                selectedId={selectedSticker}
                onAdd={(x, y) => addSticker(frameKey, x, y)}
                onSelect={setSelectedSticker}
                onMove={(id, x, y) => changeSticker(id, { x, y })}
                onRemove={removeSticker}
              />
            );
          }}
        />
        <StickerPanel
          stickers={keptPlaced}
          frameNumber={(key) => {
            const position = framePosition(key);
            return position >= 0 ? position + 1 : null;
          }}
          selectedId={selectedSticker}
          addKind={addKind}
          onAddKind={setAddKind}
          onSelect={(id) => {
            setSelectedSticker(id);
            const frameKey = placed.find((p) => p.id === id)?.frameKey;
            if (frameKey) setSelected(frameKey);
          }}
          onChange={(id, sticker) => changeSticker(id, sticker)}
          onRemove={removeSticker}
          channels={chosen}
          handoffTo={handoffTo}
          error={stickerRefusal ?? fields.stickers}
        />
      </aside>
      <div className="min-w-0 lg:col-span-2">
        <ChecksMatrix
          checks={checks}
          frameNames={frames.map((f) => frameName(f, mediaById))}
          onExclude={excludeForPlatform}
          scheduleProblem={timeProblem}
          draftBlocked={tooLong !== undefined}
        />
      </div>
    </div>
  );
}

function initialExclusions(initial: ComposerInitial): Record<string, string[]> {
  const keys = initial.frames.map((_, index) => `f${index}`);
  return Object.fromEntries(
    initial.overrides.flatMap((o) =>
      o.frames ? [[o.channelId, keys.filter((_, index) => !o.frames?.includes(index))]] : [],
    ),
  );
}

function factsOf(item: MediaItem | undefined) {
  // Media that vanished from the library (deleted meanwhile) checks as an unknown file.
  return item
    ? item
    : {
        kind: "IMAGE" as const,
        mimeType: "unknown/unknown",
        sizeBytes: 0,
        width: null,
        height: null,
        durationMs: null,
      };
}

function MediaLibrary({ media, onAdd }: { media: MediaItem[]; onAdd: (assetId: string) => void }) {
  return (
    <details className="rounded-lg border border-zinc-200 bg-white p-3" open>
      <summary className="cursor-pointer text-sm font-medium">
        Add from the media library ({media.length})
      </summary>
      {media.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-500">No ready media yet: upload images or videos first.</p>
      ) : (
        <ul
          className="mt-3 grid max-h-80 grid-cols-[repeat(auto-fill,minmax(7rem,1fr))] gap-2 overflow-y-auto"
          aria-label="Media library"
        >
          {media.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                onClick={() => onAdd(item.id)}
                aria-label={`Add ${item.originalName} (${describeMedia(item)})`}
                className="flex w-full flex-col items-center gap-1 rounded-md border border-zinc-200 p-1 text-xs hover:border-brand-600"
              >
                <Thumbnail item={item} className="h-24 w-14" />
                <span className="w-full truncate">{item.originalName}</span>
                <span className="text-zinc-500">{describeMedia(item).replace(/^(Image|Video) /, "")}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function ChannelOverride({
  channel,
  frames,
  mediaById,
  excluded,
  onToggle,
  caption,
  onCaption,
}: {
  channel: ComposerChannel;
  frames: Frame[];
  mediaById: Map<string, MediaItem>;
  excluded: string[];
  onToggle: (frameKey: string, on: boolean) => void;
  caption: string;
  onCaption: (value: string) => void;
}) {
  const count = frames.filter((f) => !excluded.includes(f.key)).length;
  const captionId = `caption-${channel.id}`;
  const captionCount = countText("caption", caption);
  return (
    <details className="rounded-lg border border-zinc-200 bg-white p-3" data-testid="channel-override">
      <summary className="cursor-pointer text-sm">
        <span className="font-medium">{channel.displayName}</span>{" "}
        <span className="text-zinc-500">
          · {count} of {frames.length} frame{frames.length === 1 ? "" : "s"}
          {caption.trim() ? " · own caption" : ""}
        </span>
      </summary>
      <fieldset className="mt-2 flex flex-col gap-1">
        <legend className="text-sm font-medium">Frames on {channel.displayName}</legend>
        {frames.map((frame, index) => (
          <label key={frame.key} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={!excluded.includes(frame.key)}
              onChange={(event) => onToggle(frame.key, event.target.checked)}
            />
            Frame {index + 1}: {frameName(frame, mediaById)}
          </label>
        ))}
      </fieldset>
      {PLATFORM_LIMITS[channel.platform].caption ? (
        <div className="mt-2 flex flex-col gap-1">
          <label htmlFor={captionId} className="text-sm font-medium">
            Caption on {channel.displayName}
          </label>
          <textarea
            id={captionId}
            rows={2}
            value={caption}
            onChange={(event) => onCaption(event.target.value)}
            aria-describedby={`${captionId}-hint ${captionId}-count`}
            aria-invalid={captionCount.level === "error" ? true : undefined}
            className={inputClass}
          />
          <p id={`${captionId}-hint`} className="text-xs text-zinc-500">
            Leave empty to use the story's WhatsApp caption.
          </p>
          <TextCounter id={`${captionId}-count`} count={captionCount} />
        </div>
      ) : null}
    </details>
  );
}

/** The chosen wall-clock time as an instant (ms) for the quota check; now when none is chosen. */
function instantOf(local: string, timeZone: string): number {
  const wall = parseWallClock(local);
  return wall ? wallClockToInstant(wall, timeZone).getTime() : Date.now();
}

/**
 * The browser's clock, read again every 15 s so a time that passes while the composer is open is
 * refused without a reload. Null until hydration: the server's clock would not match the browser's.
 */
function useNow(): Date | null {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
