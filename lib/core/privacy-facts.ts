import type { PlatformDescriptor } from "@/lib/core/platforms/descriptor";
import { PLATFORM_DESCRIPTORS, type StoryPlatform } from "@/lib/core/platforms/registry";

/**
 * This server's and this workspace's side of the privacy panel: read from configuration and the
 * workspace row (lib/channels/get-privacy-settings.ts), never written here, so the panel says what
 * the install really does.
 */
export type PrivacySettings = {
  /** PUBLIC_BASE_URL: the origin every signed media link points at. */
  mediaOrigin: string;
  /** MEDIA_STORAGE: where the bytes behind those links are kept. */
  mediaStorage: "local" | "s3";
  /** MEDIA_URL_TTL_SECONDS: how long one signed link is accepted. */
  signedUrlSeconds: number;
  /** Workspace.messageRetentionDays: how long replies' texts are kept. */
  messageRetentionDays: number;
};

export type PrivacyFact = { label: string; text: string };

/** One platform's part of the panel: plain data, so a client component can filter it. */
export type PrivacySection = {
  platform: StoryPlatform;
  /** "Instagram Stories". */
  title: string;
  facts: PrivacyFact[];
  caveat: string | null;
};

/** "24 hours", "90 minutes", "2 days": the signed link's lifetime as a person reads it. */
export function describeSeconds(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (seconds >= 2 * 86_400 && seconds % 86_400 === 0) return unit(seconds / 86_400, "day");
  if (seconds % 3_600 === 0) return unit(seconds / 3_600, "hour");
  if (seconds % 60 === 0) return unit(seconds / 60, "minute");
  return unit(seconds, "second");
}

function sectionOf(descriptor: PlatformDescriptor<StoryPlatform>, settings: PrivacySettings): PrivacySection {
  const p = descriptor.privacy;
  const store =
    settings.mediaStorage === "s3" ? "kept in your private S3 bucket" : "kept on this server's disk";
  return {
    platform: descriptor.platform,
    title: descriptor.limits.label,
    facts: [
      { label: "Who can see it", text: `${p.audience} ${p.audienceLimits}` },
      { label: "For how long", text: `${p.visibleHours} hours, then it disappears.` },
      { label: "What StoryRelay sends", text: `The media file, through a signed link. ${p.sentWithMedia}` },
      { label: "The token", text: p.tokenUse },
      {
        label: "Where the media is served from",
        text: `${settings.mediaOrigin}/media/…, files ${store}. ${p.mediaDelivery} Each signed link works for ${describeSeconds(settings.signedUrlSeconds)}, then it is refused.`,
      },
      { label: "Numbers that come back", text: p.insightsBack },
      {
        label: "Replies",
        text: `${p.repliesBack} StoryRelay keeps their texts ${settings.messageRetentionDays} days, then deletes them.`,
      },
      { label: "Encryption", text: p.encryption },
    ],
    caveat: p.caveat,
  };
}

/** The panel's sections for some platforms (repeats ignored), in the registry's order. */
export function privacySections(
  platforms: Iterable<StoryPlatform>,
  settings: PrivacySettings,
): PrivacySection[] {
  const wanted = new Set(platforms);
  return PLATFORM_DESCRIPTORS.filter((d) => wanted.has(d.platform)).map((d) =>
    sectionOf(d as PlatformDescriptor<StoryPlatform>, settings),
  );
}
