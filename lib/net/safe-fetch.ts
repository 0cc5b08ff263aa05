import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { AppError } from "@/lib/errors";
import { isPublicAddress } from "./address-policy";

export type SafeFetchOptions = {
  /** Let private, loopback and link-local addresses through (sandbox and tests only). */
  allowPrivate: boolean;
  /** Replaces the address policy (tests use it to allow one loopback address and no other). */
  addressAllowed?: (address: string) => boolean;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** The response body is cut off (and the call refused) beyond this many bytes. */
  maxBytes: number;
  /** Longest silence (no connection, no byte) before the call is given up. */
  timeoutMs: number;
  /**
   * Deadline of the whole exchange: every redirect hop, the headers and the last byte of the
   * body. The idle timeout alone lets a source that sends a byte now and then hold the call for
   * as long as it likes.
   */
  deadlineMs: number;
  /** Redirects followed for GET; each hop is checked like the first URL. */
  maxRedirects?: number;
};

export type SafeResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; url: string };

/** The source took longer than `deadlineMs` for the whole exchange; callers say what that means for them. */
export class FetchDeadlineError extends Error {
  constructor(
    readonly deadlineMs: number,
    host: string,
  ) {
    super(`${host} did not send its whole answer within ${formatSeconds(deadlineMs)}.`);
    this.name = "FetchDeadlineError";
  }
}

/** 30000 → "30 s", 1500 → "1.5 s". */
export const formatSeconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

const refuse = (message: string) => new AppError("INVALID_INPUT", message, { fields: { url: message } });

/**
 * An HTTP(S) request to a URL a customer gave us, which must not become a way into our own
 * network (SSRF). The address check runs inside the socket's DNS lookup, so the connection goes
 * to exactly the address that was checked: a host that answers a public address to a first
 * lookup and a private one to the next (DNS rebinding) gains nothing. Redirects are followed by
 * hand, each hop checked again; the body is read up to `maxBytes`. It all ends by `deadlineMs`
 * (a FetchDeadlineError), however steadily a slow source trickles.
 */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions): Promise<SafeResponse> {
  let url = parseHttpUrl(rawUrl);
  const deadline = Date.now() + options.deadlineMs;
  const redirects = options.method === "POST" ? 0 : (options.maxRedirects ?? 3);
  for (let hop = 0; ; hop++) {
    const response = await requestOnce(url, options, deadline);
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || !location || options.method === "POST") {
      return response;
    }
    if (hop >= redirects) throw refuse(`${rawUrl} redirects more than ${redirects} times.`);
    url = parseHttpUrl(new URL(location, url).toString());
  }
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse(`"${raw}" is not a URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refuse(`Only http and https URLs can be fetched, not ${url.protocol.replace(":", "")}.`);
  }
  if (url.username || url.password) throw refuse("URLs with a user name or password are not accepted.");
  return url;
}

function addressPolicy(options: SafeFetchOptions): (address: string) => boolean {
  return options.addressAllowed ?? ((address) => options.allowPrivate || isPublicAddress(address));
}

function checkedLookup(allowed: (address: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 4);
      const refused = addresses.find((a) => !allowed(a.address));
      if (refused || addresses.length === 0) {
        const blocked = new Error(`${hostname} resolves to a private or reserved address.`);
        (blocked as NodeJS.ErrnoException).code = "EADDRBLOCKED";
        return callback(blocked, "", 4);
      }
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

function requestOnce(url: URL, options: SafeFetchOptions, deadline: number): Promise<SafeResponse> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // Node skips the lookup for a literal address, so a literal is checked here instead.
  if (isIP(host) && !addressPolicy(options)(host)) {
    return Promise.reject(refuse(`${url.host} is a private or reserved address.`));
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      request.destroy();
      reject(error);
    };
    let overall: NodeJS.Timeout | undefined;
    const request = client.request(
      url,
      {
        method: options.method ?? "GET",
        headers: options.headers,
        lookup: checkedLookup(addressPolicy(options)),
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > options.maxBytes) {
            fail(refuse(`${url.host} sent more than ${options.maxBytes} bytes.`));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(overall);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
            url: url.toString(),
          });
        });
        response.on("error", fail);
      },
    );
    // Armed once the request exists, so it always has a request to end.
    overall = setTimeout(
      () => fail(new FetchDeadlineError(options.deadlineMs, url.host)),
      Math.max(0, deadline - Date.now()),
    );
    request.on("timeout", () => fail(new Error(`${url.host} did not answer in time.`)));
    request.on("error", (error: NodeJS.ErrnoException) =>
      fail(error.code === "EADDRBLOCKED" ? refuse(error.message) : error),
    );
    request.end(options.body);
  });
}
