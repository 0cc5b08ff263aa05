import type { PlatformDescriptor } from "./descriptor";
import { facebook } from "./facebook";
import { instagram } from "./instagram";
import { whatsapp } from "./whatsapp";

/**
 * The one list of platforms, in the order the app offers them. Adding a platform means a
 * descriptor file next to these, a line here, its adapter (lib/publishers/<platform>/, with its
 * line in lib/publishers/registry.ts) and its value in the Platform enum; generic code reads
 * descriptors and never branches on a platform name (scripts/platform-branches.test.ts).
 */
export const PLATFORM_DESCRIPTORS = [instagram, facebook, whatsapp] as const;

export type StoryPlatform = (typeof PLATFORM_DESCRIPTORS)[number]["platform"];

export const STORY_PLATFORMS: readonly StoryPlatform[] = PLATFORM_DESCRIPTORS.map((d) => d.platform);

const byPlatform = new Map<string, PlatformDescriptor>(PLATFORM_DESCRIPTORS.map((d) => [d.platform, d]));

export function platformDescriptor(platform: StoryPlatform): PlatformDescriptor<StoryPlatform> {
  return byPlatform.get(platform) as PlatformDescriptor<StoryPlatform>;
}

/** Whether a string names a platform StoryRelay knows (form and API input arrive as strings). */
export function isStoryPlatform(value: string): value is StoryPlatform {
  return byPlatform.has(value);
}

/** One value per platform, built from the registry (for tables keyed by platform). */
export function perPlatform<T>(
  value: (descriptor: PlatformDescriptor<StoryPlatform>) => T,
): Record<StoryPlatform, T> {
  return Object.fromEntries(
    PLATFORM_DESCRIPTORS.map((d) => [d.platform, value(d as PlatformDescriptor<StoryPlatform>)]),
  ) as Record<StoryPlatform, T>;
}
