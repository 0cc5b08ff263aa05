import { platformDescriptor } from "@/lib/core/platforms/registry";
import type { Platform } from "@/lib/db/generated/enums";

/**
 * Where "View on the platform" leads for a published channel: the permalink the platform
 * returned, never one we build (a URL made from a display name points at someone else's
 * account). A sandbox channel's story lives only in the simulators, so it leads to that
 * account's phone on the simulators' phone page. Null when there is nowhere to go (WhatsApp
 * Status has no public link).
 */
export function viewOnPlatformUrl(
  target: {
    permalink: string | null;
    channel: { platform: Platform; sandbox: boolean; externalAccountId: string };
  },
  simulatorUrl: string,
): string | null {
  const { channel } = target;
  if (channel.sandbox) {
    const query = new URLSearchParams({
      platform: platformDescriptor(channel.platform).sandbox.simulatorName,
      account: channel.externalAccountId,
    });
    return `${simulatorUrl.replace(/\/+$/, "")}/?${query}`;
  }
  // Only a web address: a stored value is the platform's word, not ours to trust as a scheme.
  return target.permalink && /^https:\/\//.test(target.permalink) ? target.permalink : null;
}
