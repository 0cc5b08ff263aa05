import { isIP } from "node:net";
import type { SetupCheck } from "@/lib/core/setup-check";
import { messageOf } from "@/lib/errors";
import { isPublicAddress } from "@/lib/net/address-policy";

/** The addresses a host name resolves to; injected so the check can be tested without DNS. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

// Names that only mean something inside one machine or one network: Meta's servers cannot
// resolve them, whatever they resolve to here.
const LOCAL_ONLY_SUFFIXES = [".localhost", ".local", ".internal", ".lan", ".home.arpa"];

const FIX =
  "Set PUBLIC_BASE_URL to an https address the internet can reach: a domain pointing at this server (behind a reverse proxy), or a tunnel (Cloudflare Tunnel, ngrok, Tailscale Funnel) to it, then restart. StoryRelay hands the platforms media through PUBLIC_BASE_URL even with MEDIA_STORAGE=s3 (the bucket stays private), so S3 alone does not help.";

/**
 * Whether Instagram and Facebook can fetch media from this installation: they download every
 * photo and video from a signed URL under PUBLIC_BASE_URL, from Meta's own servers. A localhost,
 * single-label, private, loopback or link-local address is unreachable for them, so every story to
 * those channels would fail at the download. Address classes come from lib/net's policy (the one
 * outbound requests use). A public address is necessary, not sufficient: a firewall can still
 * block Meta, which only a real publish proves, so the pass says so.
 */
export async function checkPublicBaseUrl(
  publicBaseUrl: string,
  resolve: ResolveHost,
  options: { sandboxOnly?: boolean } = {},
): Promise<SetupCheck> {
  const base = { id: "public-base-url", title: "Media reachable by Instagram and Facebook" };
  const url = new URL(publicBaseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  // With no Meta or Instagram app configured only sandbox channels can exist, and the simulators
  // fetch from here: a fresh install is not broken, it just cannot go live yet. Say both.
  const unreachable = (why: string): SetupCheck =>
    options.sandboxOnly
      ? {
          ...base,
          status: "warn",
          detail: `PUBLIC_BASE_URL is ${publicBaseUrl}: ${why} Sandbox channels work (the simulators fetch from here), but once a Meta app is set, Instagram and Facebook cannot fetch media from it and those stories fail.`,
          fix: FIX,
        }
      : {
          ...base,
          status: "fail",
          detail: `PUBLIC_BASE_URL is ${publicBaseUrl}: ${why} Instagram and Facebook download every story's media from it, so they cannot fetch it and those stories fail.`,
          fix: FIX,
        };

  if (host === "localhost" || LOCAL_ONLY_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return unreachable(`${host} names this machine or a local network only.`);
  }
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else if (!host.includes(".")) {
    return unreachable(`${host} is a name without a domain, which only this network can resolve.`);
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      const reason = messageOf(error);
      return {
        ...base,
        status: "warn",
        detail: `PUBLIC_BASE_URL is ${publicBaseUrl}, but ${host} could not be resolved here (${reason}), so whether Meta can reach it is unknown.`,
        fix: `Check that ${host} has a public DNS record pointing at this server. ${FIX}`,
      };
    }
  }
  const inside = addresses.filter((address) => !isPublicAddress(address));
  if (addresses.length === 0 || inside.length > 0) {
    const shown = (inside.length > 0 ? inside : addresses).join(", ") || "no address";
    return unreachable(
      isIP(host)
        ? `${host} is a private, loopback or link-local address.`
        : `${host} resolves to ${shown}, a private, loopback or link-local address.`,
    );
  }
  return {
    ...base,
    status: "pass",
    detail: `PUBLIC_BASE_URL is ${publicBaseUrl} (${addresses.join(", ")}, a public address). Meta must also get through any firewall in front of it, which only the first published story proves.`,
    fix: "",
  };
}
