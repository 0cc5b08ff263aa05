import { perPlatform } from "@/lib/core/platforms/registry";
import type { ChannelStatus, Platform } from "@/lib/db/generated/enums";

/** Each platform's name, from its descriptor: "Instagram", "Facebook", "WhatsApp". */
export const PLATFORM_LABELS: Record<Platform, string> = perPlatform((d) => d.name);

const STATUS_STYLES: Record<ChannelStatus, string> = {
  CONNECTED: "bg-green-50 text-green-800",
  NEEDS_REAUTH: "bg-amber-50 text-amber-800",
  DISABLED: "bg-zinc-100 text-zinc-600",
};

export function ChannelBadge({
  channel,
}: {
  channel: { platform: Platform; status: ChannelStatus; sandbox: boolean; displayName: string };
}) {
  return (
    <span
      title={channel.displayName}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[channel.status]}`}
    >
      {PLATFORM_LABELS[channel.platform]}
      {channel.sandbox ? " · sandbox" : ""}
      {channel.status === "NEEDS_REAUTH" ? " · reconnect" : ""}
    </span>
  );
}
