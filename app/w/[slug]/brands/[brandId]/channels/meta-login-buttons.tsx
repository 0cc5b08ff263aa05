import { META_LOGINS, type MetaLoginKind } from "@/lib/core/platforms/meta-logins";

export type LoginButton = { kind: MetaLoginKind; label: string; sandbox: boolean };

const STYLE: Record<MetaLoginKind, string> = {
  facebook: "bg-[#1877f2] text-white hover:bg-[#166fe5]",
  instagram: "bg-gradient-to-r from-[#f58529] via-[#dd2a7b] to-[#8134af] text-white hover:opacity-90",
};

/**
 * "Continue with Facebook" / "Continue with Instagram": plain links to the route that sends the
 * browser to Meta's dialog (client navigation cannot follow a redirect to another site). Without
 * a Meta app configured they run against the simulators, and say so.
 */
export function MetaLoginButtons({
  base,
  buttons,
  channel,
}: {
  /** /w/[slug]/brands/[brandId]/channels */
  base: string;
  buttons: LoginButton[];
  /** Reconnecting this channel: the buttons say so, and the login knows which channel it is for. */
  channel?: { id: string; displayName: string };
}) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {buttons.map((button) => (
        <a
          key={button.kind}
          href={`${base}/connect/${button.kind}${channel ? `?channel=${encodeURIComponent(channel.id)}` : ""}`}
          // On a channel that needs it, the button says what it does ("Reconnect with Facebook"), and its
          // name ends with the channel's, unlike the advanced form's "Reconnect <name>" link.
          aria-label={channel ? `${reconnectLabel(button.kind)}: ${channel.displayName}` : undefined}
          className={`inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm font-semibold ${STYLE[button.kind]}`}
        >
          {channel ? reconnectLabel(button.kind) : button.label}
          {button.sandbox ? (
            <span className="rounded bg-white/25 px-1.5 py-0.5 text-xs font-medium uppercase tracking-wide">
              Sandbox
            </span>
          ) : null}
        </a>
      ))}
    </div>
  );
}

function reconnectLabel(kind: MetaLoginKind): string {
  return `Reconnect with ${META_LOGINS[kind].name}`;
}
