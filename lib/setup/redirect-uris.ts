import { META_LOGINS } from "@/lib/core/platforms/meta-logins";
import type { SetupCheck } from "@/lib/core/setup-check";

/**
 * The redirect URIs to register in the Meta app, one per one-click login: Meta sends the person
 * back only to a URI registered exactly (scheme, host, port and path), so a copy of these is
 * what the operator pastes into the app's settings.
 */
export function checkRedirectUris(publicBaseUrl: string): SetupCheck {
  const logins = Object.values(META_LOGINS);
  const copy = logins.map((login) => ({
    label: login.productName,
    value: `${publicBaseUrl}${login.callbackPath}`,
    copyLabel: `Copy ${login.productName} redirect URI`,
  }));
  const where =
    "Meta sends people back after they sign in only to redirect URIs registered in the app, matched exactly";
  const { protocol, hostname } = new URL(publicBaseUrl);
  const local = hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
  if (protocol === "http:" && !local) {
    return {
      id: "redirect-uris",
      title: "Redirect URIs to register",
      status: "warn",
      detail: `${where}. These are plain http, and Meta accepts only https redirect URIs (localhost aside), so it will refuse them.`,
      fix: "Serve StoryRelay over https and set PUBLIC_BASE_URL to the https address, then register the URIs shown.",
      copy,
    };
  }
  return {
    id: "redirect-uris",
    title: "Redirect URIs to register",
    status: "pass",
    detail: `${where}: register both below.`,
    fix: "In the Meta app, add each URI under Valid OAuth Redirect URIs (Facebook Login for Business → Settings; Instagram → API setup with Instagram login → Business login settings). They must match exactly.",
    copy,
  };
}
