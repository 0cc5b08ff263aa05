import type { StoryPlatform } from "@/lib/core/platform-limits";
import type { Sticker } from "@/lib/core/stickers";
import { formatSeconds } from "@/lib/core/story-checks";
import type { FrameContent } from "@/lib/stories/schemas";

/** One library item as the composer shows and checks it (sizes as numbers, URLs signed). */
export type MediaItem = {
  id: string;
  kind: "IMAGE" | "VIDEO";
  /** Only READY media is offered; others appear only as an edited story's existing frames. */
  ready: boolean;
  mimeType: string;
  originalName: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  /** The file itself, for the preview. */
  url: string;
  /** The thumbnail rendition when there is one, else the file. */
  thumbUrl: string;
  hasThumbnail: boolean;
};

export type ComposerChannel = {
  id: string;
  platform: StoryPlatform;
  displayName: string;
  status: "CONNECTED" | "NEEDS_REAUTH" | "DISABLED";
  statusReason: string | null;
  sandbox: boolean;
  /** For a channel posted by hand (a handoff channel): the name of the member who posts it. */
  postedBy?: string | null;
  /** For a quota-limited platform: when this channel's other frames go (or went) out, in ms. */
  booked?: number[];
  /** Where the audience can be chosen (WhatsApp): the channel's lists; absent elsewhere. */
  audienceLists?: { id: string; name: string; contactCount: number }[];
};

/** A frame in the composer: `key` tells two uses of the same asset apart. */
export type Frame = { key: string; assetId: string } | TextFrameDraft;

/** A text status being composed: the text on a "#RRGGBB" background. */
export type TextFrameDraft = { key: string; text: string; backgroundColor: string };

export function isTextFrame(frame: Frame): frame is TextFrameDraft {
  return "text" in frame;
}

/** How the composer names a frame in lists and labels. */
export function frameName(frame: Frame, media: Map<string, MediaItem>): string {
  if (isTextFrame(frame)) {
    const text = frame.text.replace(/\s+/g, " ").trim();
    return `Text status: “${text.length > 30 ? `${text.slice(0, 29)}…` : text}”`;
  }
  return media.get(frame.assetId)?.originalName ?? "missing media";
}

export type ComposerInitial = {
  storyId?: string;
  title: string;
  frames: FrameContent[];
  channelIds: string[];
  whatsappText: string;
  overrides: { channelId: string; frames?: number[]; caption?: string }[];
  /** Stickers stored on the story's frames (placed through the API), kept with their frames. */
  stickers?: Sticker[];
  local: string;
};

export function describeMedia(item: MediaItem): string {
  const type = item.mimeType.split("/")[1]?.replace("quicktime", "mov").toUpperCase() ?? item.mimeType;
  const size = item.width && item.height ? ` · ${item.width}×${item.height}` : "";
  const length =
    item.kind === "VIDEO" && item.durationMs !== null ? ` · ${formatSeconds(item.durationMs)}` : "";
  return `${item.kind === "VIDEO" ? "Video" : "Image"} ${type}${size}${length}`;
}
