import { CopyField } from "@/app/_components/copy-field";
import { LocalTime } from "@/app/_components/local-time";
import { PrivacyPanel } from "@/app/_components/privacy-panel";
import Link from "@/app/_components/ui/link";
import type {
  ChannelHealth,
  LiveHealth,
  PermissionCheck,
  TokenLifetime,
} from "@/lib/channels/get-connection-health";
import { expiryCountdown } from "@/lib/core/expiry-countdown";
import type { PrivacySection } from "@/lib/core/privacy-facts";
import type { ChannelStatus } from "@/lib/db/generated/enums";
import type { InboundSetup } from "@/lib/inbox/get-inbound-setup";
import { ChannelBadge } from "../channel-badge";

const STATE_LABELS: Record<ChannelStatus, string> = {
  CONNECTED: "Connected",
  NEEDS_REAUTH: "Needs reconnecting",
  DISABLED: "Disabled",
};

const STATE_STYLES: Record<ChannelStatus, string> = {
  CONNECTED: "text-green-800",
  NEEDS_REAUTH: "text-amber-800",
  DISABLED: "text-zinc-600",
};

const WEEK_MS = 7 * 24 * 3_600_000;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words">{children}</dd>
    </div>
  );
}

function Token({ token, now }: { token: TokenLifetime; now: Date }) {
  switch (token.kind) {
    case "expires": {
      const left = token.expiresAt.getTime() - now.getTime();
      const tone = left <= 0 ? "text-red-700" : left <= WEEK_MS ? "text-amber-800" : "";
      return (
        <>
          <span className={`font-medium ${tone}`}>{expiryCountdown(token.expiresAt, now)}</span>{" "}
          <span className="text-zinc-600">
            (<LocalTime instant={token.expiresAt.toISOString()} />)
          </span>
        </>
      );
    }
    case "never":
      return <>Does not expire</>;
    case "unknown":
      return <span className="text-zinc-600">Expiry not known: the platform was not asked</span>;
    case "none":
      return <span className="text-zinc-600">No token: posted by hand</span>;
  }
}

function Scopes({ names }: { names: string[] }) {
  return (
    <>
      {names.map((name, i) => (
        <span key={name}>
          {i > 0 ? ", " : ""}
          <code className="text-xs">{name}</code>
        </span>
      ))}
    </>
  );
}

function Permissions({ permissions }: { permissions: PermissionCheck }) {
  switch (permissions.kind) {
    case "not_applicable":
      return <span className="text-zinc-600">None needed</span>;
    case "not_checked":
      return (
        <>
          <span className="font-medium">Not checked yet.</span>{" "}
          <span className="text-zinc-600">
            {permissions.login} needs <Scopes names={permissions.needed} /> to publish.
          </span>
        </>
      );
    case "checked":
      return permissions.missing.length === 0 ? (
        <>
          <span className="font-medium text-green-800">All granted</span>{" "}
          <span className="text-zinc-600">
            (<Scopes names={permissions.needed} />; checked{" "}
            <LocalTime instant={permissions.checkedAt.toISOString()} />)
          </span>
        </>
      ) : (
        <>
          <span className="font-medium text-red-700">
            Missing <Scopes names={permissions.missing} />
          </span>
          <span className="text-zinc-600">
            {" "}
            — reconnect and allow {permissions.missing.length === 1 ? "it" : "them"} in {permissions.login}'s
            dialog. Granted:{" "}
            {permissions.granted.length > 0 ? <Scopes names={permissions.granted} /> : "none"}.
          </span>
        </>
      );
  }
}

function Live({ live }: { live: LiveHealth }) {
  switch (live.state) {
    case "none":
      return null;
    case "unreachable":
      return (
        <Fact label="Live check">
          <span className="font-medium text-amber-800">Could not reach {live.source}</span>{" "}
          <span className="text-zinc-600">({live.reason}). Reload the page to ask again.</span>
        </Fact>
      );
    case "error":
      return (
        <Fact label="Live check">
          <span className="font-medium text-red-700">Could not check:</span> {live.reason}
        </Fact>
      );
    case "refused":
      return (
        <Fact label="Live check">
          <span className="font-medium text-red-700">{live.source} refused to answer:</span> {live.reason}
        </Fact>
      );
    case "read": {
      const { quota, session } = live.reading;
      return (
        <>
          {quota ? (
            <Fact label="Publishing quota">
              <span className="font-medium tabular-nums">
                {quota.used} of {quota.total ?? "an unstated number"}
              </span>{" "}
              <span className="text-zinc-600">
                used{quota.windowMs ? ` in the last ${Math.round(quota.windowMs / 3_600_000)} hours` : ""}, as{" "}
                {live.source} reports it now
              </span>
            </Fact>
          ) : null}
          {session ? (
            <Fact label="Gateway session">
              <span
                className={`font-medium ${session.status === "WORKING" ? "text-green-800" : "text-amber-800"}`}
              >
                {session.status}
              </span>
              <span className="text-zinc-600">
                {" "}
                ({session.name}
                {session.phone ? `, ${session.phone}` : ""})
              </span>
            </Fact>
          ) : null}
        </>
      );
    }
  }
}

/**
 * The connection health of channels, one card each: shared by the workspace's Connections page
 * and the brand page. `now` is the render's instant, so every countdown on the page agrees.
 */
export function ConnectionHealthList({
  channels,
  slug,
  now,
  showBrand,
  canManage,
  inboundSetups = {},
  audienceChannelIds = [],
  privacy = [],
}: {
  channels: ChannelHealth[];
  slug: string;
  now: Date;
  showBrand: boolean;
  canManage: boolean;
  /** Per channel whose messages come to its own URL (a WAHA gateway): what to paste there. */
  inboundSetups?: Readonly<Record<string, InboundSetup>>;
  /** Channels whose adapter can limit who sees a status (WhatsApp): they link to their lists. */
  audienceChannelIds?: readonly string[];
  /** The privacy panel's sections of the channels' platforms; each card folds its own. */
  privacy?: readonly PrivacySection[];
}) {
  if (channels.length === 0) return <p className="text-zinc-500">No channels connected yet.</p>;
  return (
    <ul className="flex flex-col gap-3">
      {channels.map((channel) => {
        const reconnect = `/w/${slug}/brands/${channel.brand.id}/channels/new?channel=${channel.id}`;
        return (
          <li
            key={channel.id}
            aria-label={channel.displayName}
            className="rounded-lg border border-zinc-200 bg-white p-3"
          >
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <ChannelBadge channel={channel} />
              <span className="min-w-0 font-medium break-words">{channel.displayName}</span>
              {showBrand ? (
                <Link
                  href={`/w/${slug}/brands/${channel.brand.id}`}
                  className="text-sm text-zinc-600 underline"
                >
                  {channel.brand.name}
                </Link>
              ) : null}
              <span className={`text-sm font-medium ${STATE_STYLES[channel.status]}`}>
                {STATE_LABELS[channel.status]}
              </span>
              {channel.status === "NEEDS_REAUTH" && canManage ? (
                <Link
                  href={reconnect}
                  className="ml-auto text-sm font-medium text-brand-700 underline"
                  aria-label={`Reconnect ${channel.displayName}`}
                >
                  Reconnect
                </Link>
              ) : null}
            </div>
            {channel.status === "NEEDS_REAUTH" && channel.statusReason ? (
              <p className="mt-1 text-sm text-amber-800">{channel.statusReason}</p>
            ) : null}
            <dl className="mt-3 grid gap-3 sm:grid-cols-2">
              <Fact label="Token">
                <Token token={channel.token} now={now} />
              </Fact>
              <Fact label="Permissions to publish">
                <Permissions permissions={channel.permissions} />
              </Fact>
              <Fact label="Last published">
                {channel.lastPublished ? (
                  <Link href={`/w/${slug}/stories/${channel.lastPublished.storyId}`} className="underline">
                    <LocalTime instant={channel.lastPublished.at.toISOString()} />
                  </Link>
                ) : (
                  <span className="text-zinc-600">Nothing yet</span>
                )}
              </Fact>
              <Fact label="Last failed">
                {channel.lastFailed ? (
                  <>
                    <Link href={`/w/${slug}/stories/${channel.lastFailed.storyId}`} className="underline">
                      <LocalTime instant={channel.lastFailed.at.toISOString()} />
                    </Link>
                    {channel.lastFailed.reason ? (
                      <span className="text-red-700">: {channel.lastFailed.reason}</span>
                    ) : null}
                  </>
                ) : (
                  <span className="text-zinc-600">No failures</span>
                )}
              </Fact>
              <Live live={channel.live} />
            </dl>
            <InboundSetupDetails setup={inboundSetups[channel.id]} />
            {audienceChannelIds.includes(channel.id) ? (
              <Link
                href={`/w/${slug}/brands/${channel.brand.id}/channels/${channel.id}/audience`}
                className="mt-2 inline-block text-sm font-medium text-brand-700 underline"
                aria-label={`Status audience of ${channel.displayName}`}
              >
                Status audience
              </Link>
            ) : null}
            <PrivacyDetails sections={privacy.filter((section) => section.platform === channel.platform)} />
          </li>
        );
      })}
    </ul>
  );
}

/** How a channel's messages reach the inbox, folded: the URL and signing key to paste into its gateway. */
function InboundSetupDetails({ setup }: { setup: InboundSetup | undefined }) {
  if (!setup?.hmacKey) return null;
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer font-medium text-zinc-800">Replies to the inbox</summary>
      <div className="mt-2 flex flex-col gap-2">
        <p className="text-zinc-600">{setup.instructions}</p>
        <CopyField label="Webhook URL" value={setup.url} />
        <CopyField label="HMAC key (SHA-512)" value={setup.hmacKey} />
      </div>
    </details>
  );
}

/** The channel's platform in the privacy panel, folded: who sees its stories and what leaves StoryRelay. */
function PrivacyDetails({ sections }: { sections: readonly PrivacySection[] }) {
  if (sections.length === 0) return null;
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer font-medium text-zinc-800">Privacy</summary>
      <div className="mt-2">
        <PrivacyPanel sections={sections} />
      </div>
    </details>
  );
}
