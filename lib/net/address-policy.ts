import ipaddr from "ipaddr.js";

/**
 * Whether an outbound request (a media import, a webhook) may connect to `address`. Only public
 * unicast addresses pass: private, loopback, link-local, unique-local, carrier-grade NAT,
 * multicast, broadcast, reserved and unspecified ones could reach the installation's own network.
 * IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}
