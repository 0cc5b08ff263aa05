import type { z } from "zod";

/** Meta refused or could not be reached during a login; the message is for the person. */
export class LoginCallError extends Error {
  constructor(
    message: string,
    readonly platformCode?: number,
    readonly platformSubcode?: number,
  ) {
    super(message);
    this.name = "LoginCallError";
  }
}

type GraphErrorBody = { error?: { message?: string; code?: number; error_subcode?: number } };

/**
 * One call of a login, its answer checked with `schema`. A Graph error envelope becomes a
 * LoginCallError with Meta's own message and codes; nothing is retried, because a code can be
 * redeemed once only.
 */
export async function metaCall<T>(
  doFetch: typeof fetch,
  url: string,
  init: { method: "GET" | "POST"; params: Record<string, string | undefined> },
  schema: z.ZodType<T>,
  what: string,
): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(init.params)) if (value !== undefined) params.set(key, value);
  let response: Response;
  try {
    response =
      init.method === "GET"
        ? await doFetch(`${url}?${params}`, { signal: AbortSignal.timeout(15_000) })
        : await doFetch(url, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: params.toString(),
            signal: AbortSignal.timeout(15_000),
          });
  } catch {
    throw new LoginCallError(`Meta could not be reached to ${what}.`);
  }
  const body = (await response.json().catch(() => undefined)) as unknown;
  const error = (body as GraphErrorBody | undefined)?.error;
  if (!response.ok || error) {
    const detail = error?.message ? `: ${error.message}` : ` (HTTP ${response.status})`;
    throw new LoginCallError(`Meta refused to ${what}${detail}`, error?.code, error?.error_subcode);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new LoginCallError(`Meta answered in an unexpected shape when asked to ${what}.`);
  return parsed.data;
}
