import {
  ASPECT_TOLERANCE,
  MAX_FRAMES,
  MAX_WHATSAPP_TEXT,
  PLATFORM_LIMITS,
  type PlatformLimits,
  STICKER_LABELS,
  STORY_ASPECT,
  STORY_PLATFORMS,
  type StickerFeature,
  type StoryPlatform,
} from "./platform-limits";
import { platformDescriptor } from "./platforms/registry";
import { countText } from "./text-limits";

/**
 * Checks a story against each chosen platform's limits before it is scheduled: one cell per
 * frame × platform, plus findings about the story as a whole. Pure, so the composer runs it on
 * every change and the scheduling use cases run it again on the server, with the same wording:
 * errors block scheduling, warnings do not.
 */

export type CheckLevel = "ok" | "warning" | "error";

export type CheckFix =
  /** The video is too long: cut it into `parts` clips, each within the limit. */
  | { kind: "split"; parts: number; label: string }
  /** Drop this frame for the platform's channels (a per-channel override). */
  | { kind: "exclude"; platform: StoryPlatform; label: string }
  /** Re-export the file (format, size, dimensions). */
  | { kind: "transcode"; label: string }
  /** Something the API cannot do: a person posts it in the app. */
  | { kind: "handoff"; label: string }
  /** Use another file. */
  | { kind: "replace"; label: string };

export type CheckProblem = { level: Exclude<CheckLevel, "ok">; reason: string; fixes: CheckFix[] };

export type CheckCell = {
  level: CheckLevel;
  /** False when per-channel overrides leave this frame out on every channel of the platform. */
  included: boolean;
  problems: CheckProblem[];
};

export type CheckFinding = CheckProblem & { platform?: StoryPlatform; channelId?: string };

export type CheckFrame =
  | {
      kind: "IMAGE" | "VIDEO";
      mimeType: string;
      sizeBytes: number;
      width: number | null;
      height: number | null;
      durationMs: number | null;
    }
  /** A text status: text on a coloured background, WhatsApp only. */
  | { kind: "TEXT"; textLength: number };

type MediaFrame = Exclude<CheckFrame, { kind: "TEXT" }>;

export type CheckTarget = {
  channelId: string;
  platform: StoryPlatform;
  name: string;
  status: "CONNECTED" | "NEEDS_REAUTH" | "DISABLED";
  /** Indexes into `frames` this channel gets; undefined means all of them. */
  frames?: number[];
  /** This channel's own caption, when it has one. */
  caption?: string | null;
  /**
   * For a platform with a publishing quota: the instants (ms) of this channel's frames already
   * published or scheduled near the story's time (other stories). Undefined: not known, no check.
   */
  booked?: readonly number[];
};

export type CheckInput = {
  /** The story's title (for the team; counted, not published). */
  title?: string;
  frames: CheckFrame[];
  targets: CheckTarget[];
  whatsappText?: string | null;
  /** Stickers the marketer means to add; compose-time advice only. */
  stickers?: StickerFeature[];
  /** When the story is to go out (ms); the quota check needs it. */
  at?: number;
};

export type StoryChecks = {
  platforms: StoryPlatform[];
  /** rows[frameIndex][platform] */
  rows: Record<StoryPlatform, CheckCell>[];
  findings: CheckFinding[];
  errors: number;
  warnings: number;
};

export function checkStory(input: CheckInput): StoryChecks {
  const platforms = STORY_PLATFORMS.filter((p) => input.targets.some((t) => t.platform === p));
  const rows = input.frames.map((frame, index) => {
    const row = {} as Record<StoryPlatform, CheckCell>;
    for (const platform of platforms) {
      const included = input.targets.some(
        (t) => t.platform === platform && (t.frames === undefined || t.frames.includes(index)),
      );
      const problems = included ? checkFrame(frame, platform) : [];
      row[platform] = { level: worst(problems), included, problems };
    }
    return row;
  });
  const findings = storyFindings(input, platforms);
  const all = [...rows.flatMap((row) => Object.values(row).flatMap((cell) => cell.problems)), ...findings];
  return {
    platforms,
    rows,
    findings,
    errors: all.filter((p) => p.level === "error").length,
    warnings: all.filter((p) => p.level === "warning").length,
  };
}

/** The errors as sentences, each naming its frame and platform: what the server refuses with. */
export function describeErrors(checks: StoryChecks): string[] {
  const lines: string[] = [];
  checks.rows.forEach((row, index) => {
    for (const platform of checks.platforms) {
      for (const problem of row[platform].problems) {
        if (problem.level === "error") lines.push(`Frame ${index + 1}: ${sentence(problem)}`);
      }
    }
  });
  for (const finding of checks.findings) {
    if (finding.level === "error") lines.push(sentence(finding));
  }
  return lines;
}

/** The warnings as sentences, the same way: what scheduling answers with alongside the story. */
export function describeWarnings(checks: StoryChecks): string[] {
  const lines: string[] = [];
  checks.rows.forEach((row, index) => {
    for (const platform of checks.platforms) {
      for (const problem of row[platform].problems) {
        if (problem.level === "warning") lines.push(`Frame ${index + 1}: ${sentence(problem)}`);
      }
    }
  });
  for (const finding of checks.findings) {
    if (finding.level === "warning") lines.push(sentence(finding));
  }
  return lines;
}

/** "75 s video: WhatsApp Status allows 60 s — split into 2 frames?" */
export function sentence(problem: CheckProblem): string {
  const fix = problem.fixes[0];
  return fix ? `${problem.reason} — ${fix.label}` : problem.reason;
}

export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function worst(problems: CheckProblem[]): CheckLevel {
  if (problems.some((p) => p.level === "error")) return "error";
  return problems.length > 0 ? "warning" : "ok";
}

function checkFrame(frame: CheckFrame, platform: StoryPlatform): CheckProblem[] {
  const limits = PLATFORM_LIMITS[platform];
  const exclude: CheckFix = { kind: "exclude", platform, label: `leave it out for ${limits.label}?` };
  if (frame.kind === "TEXT") return checkText(frame.textLength, limits, exclude);
  const problems =
    frame.kind === "VIDEO" ? checkVideo(frame, limits, exclude) : checkImage(frame, limits, exclude);
  const aspect = checkAspect(frame);
  return aspect ? [...problems, aspect] : problems;
}

/**
 * Whether `platform` can show a frame of this kind at all, from the limits table: a text status
 * needs a platform with text-only stories. The composer leaves such frames out by default for the
 * channels that cannot show them, instead of offering them and refusing.
 */
export function platformShowsFrame(platform: StoryPlatform, kind: CheckFrame["kind"]): boolean {
  return kind !== "TEXT" || PLATFORM_LIMITS[platform].textOnly;
}

/** A text status exists on WhatsApp only; Instagram and Facebook stories need media. */
function checkText(length: number, limits: PlatformLimits, exclude: CheckFix): CheckProblem[] {
  if (!limits.textOnly) {
    return [
      {
        level: "error",
        reason: `Text status: ${limits.label} needs an image or a video, it has no text-only story`,
        fixes: [exclude, { kind: "handoff", label: "or make an image of the text and use that instead?" }],
      },
    ];
  }
  if (length > MAX_WHATSAPP_TEXT) {
    return [
      {
        level: "error",
        reason: `${length}-character text status: ${limits.label} allows ${MAX_WHATSAPP_TEXT}`,
        fixes: [{ kind: "replace", label: "shorten it or split it into two text statuses?" }],
      },
    ];
  }
  return [];
}

function checkImage(frame: MediaFrame, limits: PlatformLimits, exclude: CheckFix): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const type = shortType(frame.mimeType);
  if (limits.image.tolerated?.includes(frame.mimeType)) {
    problems.push({
      level: "warning",
      reason: `${type} image: ${limits.label} is safest with JPEG`,
      fixes: [{ kind: "transcode", label: "export it as JPEG if it looks wrong" }],
    });
  } else if (!limits.image.mimeTypes.includes(frame.mimeType)) {
    problems.push({
      level: "error",
      reason: `${type} image: ${limits.label} takes ${limits.image.mimeTypes.map(shortType).join(", ")} only`,
      fixes: [{ kind: "transcode", label: "export it as JPEG?" }, exclude],
    });
  }
  if (frame.sizeBytes > limits.image.maxBytes) {
    problems.push({
      level: "error",
      reason: `${formatMegabytes(frame.sizeBytes)} image: ${limits.label} allows ${formatMegabytes(limits.image.maxBytes)}`,
      fixes: [{ kind: "transcode", label: "export it smaller (1080×1920 JPEG)?" }, exclude],
    });
  }
  return problems;
}

function checkVideo(frame: MediaFrame, limits: PlatformLimits, exclude: CheckFix): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const video = limits.video;
  if (!video.mimeTypes.includes(frame.mimeType)) {
    problems.push({
      level: "error",
      reason: `${shortType(frame.mimeType)} video: ${limits.label} takes ${video.mimeTypes.map(shortType).join(" or ")} only`,
      fixes: [{ kind: "transcode", label: "convert it to MP4 (H.264, AAC)?" }, exclude],
    });
  }
  if (frame.durationMs === null) {
    problems.push({
      level: "warning",
      reason: `Video length unknown: ${limits.label} allows ${lengthRange(limits)}`,
      fixes: [],
    });
  } else if (frame.durationMs > video.maxMs) {
    const parts = Math.ceil(frame.durationMs / video.maxMs);
    problems.push({
      level: "error",
      reason: `${formatSeconds(frame.durationMs)} video: ${limits.label} allows ${formatSeconds(video.maxMs)}`,
      fixes: [{ kind: "split", parts, label: `split into ${parts} frames?` }, exclude],
    });
  } else if (frame.durationMs < video.minMs) {
    problems.push({
      level: "error",
      reason: `${formatSeconds(frame.durationMs)} video: ${limits.label} needs at least ${formatSeconds(video.minMs)}`,
      fixes: [{ kind: "replace", label: "use a longer clip or a still image?" }, exclude],
    });
  }
  if (video.maxBytes !== undefined && frame.sizeBytes > video.maxBytes) {
    problems.push({
      level: "error",
      reason: `${formatMegabytes(frame.sizeBytes)} video: ${limits.label} allows ${formatMegabytes(video.maxBytes)}`,
      fixes: [{ kind: "transcode", label: "export it at a lower bitrate?" }, exclude],
    });
  }
  if (video.maxWidth !== undefined && frame.width !== null && frame.width > video.maxWidth) {
    problems.push({
      level: "error",
      reason: `${frame.width} px wide video: ${limits.label} allows ${video.maxWidth} px`,
      fixes: [{ kind: "transcode", label: "scale it to 1080×1920?" }, exclude],
    });
  }
  if (
    frame.width !== null &&
    frame.height !== null &&
    ((video.minWidth !== undefined && frame.width < video.minWidth) ||
      (video.minHeight !== undefined && frame.height < video.minHeight))
  ) {
    problems.push({
      level: "error",
      reason: `${frame.width}×${frame.height} video: ${limits.label} needs at least ${video.minWidth}×${video.minHeight}`,
      fixes: [{ kind: "replace", label: "use a 1080×1920 export?" }, exclude],
    });
  }
  return problems;
}

function lengthRange(limits: PlatformLimits): string {
  const { minMs, maxMs } = limits.video;
  return minMs > 0 ? `${formatSeconds(minMs)}–${formatSeconds(maxMs)}` : `up to ${formatSeconds(maxMs)}`;
}

/** Stories fill a 9:16 screen; other shapes are shown with bars or cropped by the app. */
function checkAspect(frame: MediaFrame): CheckProblem | null {
  if (!frame.width || !frame.height) return null;
  const ratio = frame.width / frame.height;
  if (Math.abs(ratio - STORY_ASPECT) / STORY_ASPECT <= ASPECT_TOLERANCE) return null;
  return {
    level: "warning",
    reason: `${frame.width}×${frame.height} is not 9:16: the app shows it with bars or cropped`,
    fixes: [{ kind: "replace", label: "use a 1080×1920 version?" }],
  };
}

function shortType(mimeType: string): string {
  const sub = mimeType.split("/")[1] ?? mimeType;
  return sub === "quicktime" ? "MOV" : sub.toUpperCase();
}

// Named from the limits table, so a platform that gains captions is named here without an edit.
const CAPTIONED = STORY_PLATFORMS.filter((p) => PLATFORM_LIMITS[p].caption);
const CAPTION_UNSHOWN = `The caption is shown on ${CAPTIONED.map((p) => PLATFORM_LIMITS[p].label).join(" and ")} only, and no ${CAPTIONED.map((p) => platformDescriptor(p).name).join(" or ")} channel is chosen.`;

function storyFindings(input: CheckInput, platforms: StoryPlatform[]): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const text = input.whatsappText?.trim() ?? "";
  if (input.targets.length === 0) {
    findings.push({ level: "error", reason: "Choose at least one channel.", fixes: [] });
  }
  if (input.frames.length > MAX_FRAMES) {
    findings.push({ level: "error", reason: `A story has at most ${MAX_FRAMES} frames.`, fixes: [] });
  }
  if (input.frames.length === 0) findings.push(...emptyStoryFindings(text, platforms));
  if (text && input.targets.length > 0 && !platforms.some((p) => PLATFORM_LIMITS[p].caption)) {
    findings.push({ level: "warning", reason: CAPTION_UNSHOWN, fixes: [] });
  }
  findings.push(...captionFinding(input, text));
  findings.push(...lengthFindings(input));
  for (const target of input.targets) {
    findings.push(...targetFindings(target, input.frames.length));
    const quota = quotaFinding(target, target.frames?.length ?? input.frames.length, input.at);
    if (quota) findings.push(quota);
  }
  for (const platform of platforms) {
    const finding = stickerFinding(platform, input.stickers ?? []);
    if (finding) findings.push(finding);
  }
  return findings;
}

function emptyStoryFindings(text: string, platforms: StoryPlatform[]): CheckFinding[] {
  if (!text) return [{ level: "error", reason: "Add at least one frame.", fixes: [] }];
  const needMedia = platforms.filter((p) => !PLATFORM_LIMITS[p].textOnly);
  if (needMedia.length > 0) {
    return [
      {
        level: "error",
        reason: `${needMedia.map((p) => PLATFORM_LIMITS[p].label).join(" and ")} need an image or a video: only WhatsApp Status can be text alone.`,
        fixes: [],
      },
    ];
  }
  // A caption goes with a frame; text alone is a text status, which carries its own text.
  return [
    {
      level: "error",
      reason: "A caption needs a frame to go with: add an image or a video, or make the text a text status.",
      fixes: [],
    },
  ];
}

/**
 * Text past its limit, refused in the words the server's schemas use (lib/core/text-limits.ts);
 * text statuses are counted with their frames.
 */
function lengthFindings(input: CheckInput): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const title = countText("title", input.title ?? "");
  if (title.level === "error" && title.message)
    findings.push({ level: "error", reason: title.message, fixes: [] });
  const caption = countText("caption", input.whatsappText ?? "");
  if (caption.level === "error" && caption.message) {
    findings.push({ level: "error", reason: caption.message, fixes: [] });
  }
  for (const target of input.targets) {
    const own = countText("caption", target.caption ?? "");
    if (own.level === "error" && own.message) {
      findings.push({
        level: "error",
        platform: target.platform,
        channelId: target.channelId,
        reason: `${target.name}: ${own.message}`,
        fixes: [],
      });
    }
  }
  return findings;
}

/** A channel that takes a caption but shows text statuses only has nowhere to put it. */
function captionFinding(input: CheckInput, text: string): CheckFinding[] {
  if (!text || input.frames.length === 0) return [];
  return input.targets.flatMap((target): CheckFinding[] => {
    if (!PLATFORM_LIMITS[target.platform].caption) return [];
    const shown = target.frames ?? input.frames.map((_, index) => index);
    if (shown.some((index) => input.frames[index]?.kind !== "TEXT")) return [];
    return [
      {
        level: "warning",
        platform: target.platform,
        channelId: target.channelId,
        reason: `${target.name} shows text statuses only: the caption goes with an image or a video, so it is not sent there.`,
        fixes: [],
      },
    ];
  });
}

function targetFindings(target: CheckTarget, frameCount: number): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const base = { platform: target.platform, channelId: target.channelId };
  if (target.status === "DISABLED") {
    findings.push({
      ...base,
      level: "error",
      reason: `${target.name} is disabled. Enable it or leave it out.`,
      fixes: [],
    });
  } else if (target.status === "NEEDS_REAUTH") {
    findings.push({
      ...base,
      level: "warning",
      reason: `${target.name} needs reconnecting: the story waits on it until someone reconnects it.`,
      fixes: [],
    });
  }
  if (frameCount > 0 && target.frames !== undefined && target.frames.length === 0) {
    findings.push({
      ...base,
      level: "error",
      reason: `${target.name} gets no frame. Tick at least one frame for it or leave the channel out.`,
      fixes: [],
    });
  }
  return findings;
}

/**
 * Would this story push the channel over its platform's rolling publishing quota? The busiest
 * window of the quota's length that contains the story's instant, counting what is already
 * published or scheduled there, plus this story's frames. Over it, the story waits at publish
 * time until the window frees — often past its latest start, so it expires instead.
 */
function quotaFinding(target: CheckTarget, frames: number, at: number | undefined): CheckFinding | null {
  const quota = PLATFORM_LIMITS[target.platform].publishingQuota;
  if (!quota || !target.booked || at === undefined || frames === 0) return null;
  const used = busiestWindow(target.booked, at, quota.windowMs);
  if (used + frames <= quota.posts) return null;
  const hours = Math.round(quota.windowMs / 3_600_000);
  return {
    platform: target.platform,
    channelId: target.channelId,
    level: "warning",
    reason: `${target.name}: ${PLATFORM_LIMITS[target.platform].label} allows ${quota.posts} posts per ${hours} h, and ${used} are already published or scheduled within ${hours} h of this time; this story's ${frames === 1 ? "frame" : `${frames} frames`} would go over it. It would wait for the limit and may expire instead: choose another time or leave this channel out.`,
    // The advice is in the reason: no fix kind stands for "another time".
    fixes: [],
  };
}

/**
 * The most instants in any window (end - windowMs, end] that contains `at`: the platform counts
 * what went out in the window ending at each publish, this story's and every later one's.
 */
export function busiestWindow(instants: readonly number[], at: number, windowMs: number): number {
  const near = instants.filter((t) => t > at - windowMs && t < at + windowMs);
  const ends = [at, ...near.filter((t) => t > at)];
  let most = 0;
  for (const end of ends) {
    const count = near.filter((t) => t > end - windowMs && t <= end).length;
    if (count > most) most = count;
  }
  return most;
}

function stickerFinding(platform: StoryPlatform, stickers: StickerFeature[]): CheckFinding | null {
  const limits = PLATFORM_LIMITS[platform];
  const missing = stickers.filter((s) => limits.apiCannot.includes(s));
  if (missing.length === 0) return null;
  const names = missing.map((s) => STICKER_LABELS[s].toLowerCase()).join(", ");
  return {
    platform,
    level: "warning",
    reason: `${limits.label}: the API cannot add a ${names}. The story is handed to a person to post there by hand at its time.`,
    fixes: [
      {
        kind: "handoff",
        label: "or leave the sticker out to have it published automatically?",
      },
    ],
  };
}
