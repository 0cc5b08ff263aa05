import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { AppError } from "@/lib/errors";
import { isPublicAddress } from "@/lib/net/address-policy";

/**
 * Refuses an endpoint URL that is not http(s) or whose host resolves to a private, loopback or
 * link-local address (unless `allowPrivate`), so a webhook cannot be aimed at our own network.
 * Delivery checks again on every send (safeFetch), because DNS answers change.
 */
export async function checkWebhookUrl(url: string, allowPrivate: boolean): Promise<string> {
  const refuse = (message: string) => new AppError("INVALID_INPUT", message, { fields: { url: message } });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse("Enter the full URL, e.g. https://example.com/hooks/storyrelay.");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw refuse("Use an http or https URL.");
  if (parsed.username || parsed.password) throw refuse("Leave user name and password out of the URL.");
  if (allowPrivate) return parsed.toString();
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (found) => found.map((a) => a.address),
        () => {
          throw refuse(`${host} does not resolve. Check the host name.`);
        },
      );
  if (addresses.some((address) => !isPublicAddress(address))) {
    throw refuse(`${host} is a private or reserved address; webhooks go to public endpoints only.`);
  }
  return parsed.toString();
}
