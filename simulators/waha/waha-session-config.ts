import { z } from "zod";
import type { WahaSession, WahaSessionConfig } from "../core/entities";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { badRequest } from "./waha-errors";

/** WAHA's session config: the part the simulator acts on is `webhooks`; the rest is kept as given. */
export const wahaConfigSchema = z.looseObject({
  webhooks: z
    .array(
      z.looseObject({
        url: z.url().refine((url) => /^https?:\/\//.test(url), "must be an http(s) URL"),
        events: z.array(z.string().min(1)).min(1),
        hmac: z
          .object({ key: z.string().min(1).nullable().optional() })
          .nullable()
          .optional(),
        retries: z.unknown().optional(),
        customHeaders: z
          .array(z.object({ name: z.string().min(1), value: z.string() }))
          .nullable()
          .optional(),
      }),
    )
    .optional(),
});

/** Validates a config from a request body, with WAHA's 400 listing what is wrong. */
export function parseSessionConfig(value: unknown): WahaSessionConfig {
  const result = wahaConfigSchema.safeParse(value ?? {});
  if (!result.success) {
    throw badRequest(
      result.error.issues.map((issue) => `config.${issue.path.join(".") || ""}: ${issue.message}`),
    );
  }
  return result.data as WahaSessionConfig;
}

// PUT /api/sessions/{name} {config} – replaces the session's config (webhooks included)
export function updateSession(
  req: SimRequest,
  session: WahaSession,
  view: (session: WahaSession) => Record<string, unknown>,
): SimResponse {
  const body = req.json;
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw badRequest("body must be a JSON object");
  const { config, name } = body as { config?: unknown; name?: unknown };
  if (name !== undefined && name !== session.id) throw badRequest("name: a session cannot be renamed");
  session.config = parseSessionConfig(config);
  return json(view(session));
}
