import { z } from "zod";
import { faultInputSchema } from "../core/faults";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import type { RouteMatch } from "../http/route-match";
import { json, SimHttpError, type SimResponse } from "../http/sim-response";
import { avatarSvg } from "../messaging/avatar-svg";
import { actAsViewer, viewerMessageSchema } from "../messaging/viewer-message";
import { ensureSandboxUser, isSandboxLoginAccount } from "../oauth/sandbox-user";
import { liveFeeds } from "../phone/phone-page";
import { postFromPhone } from "../phone/phone-post";
import { qrPng, scanQr, settleSession } from "../waha/waha-pairing";
import {
  deliverExpiredStories,
  deliveryView,
  subscribeSchema,
  subscribeWebhook,
} from "../webhooks/story-insights-webhook";
import { wahaDeliveryView } from "../webhooks/waha-webhooks";
import { applyFault } from "./apply-fault";
import { accountView, createAccount, createAccountSchema } from "./create-account";

const clockSchema = z.object({ advanceMs: z.number().int().min(0) });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new SimHttpError(400, {
      error: "invalid request body",
      issues: result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    });
  }
  return result.data;
}

function route(handle: () => SimResponse): RouteMatch {
  return { style: "control", handle };
}

function clockView(state: SimState) {
  return { now: state.now(), iso: new Date(state.now()).toISOString(), offsetMs: state.clock.offset };
}

function allAccounts(state: SimState) {
  return [...state.instagramAccounts.values(), ...state.pages.values(), ...state.sessions.values()].map(
    (account) => accountView(state, account),
  );
}

/** The control API under /_sim: accounts, ledger, faults, clock, reset. Never metered or faulted. */
export function matchControl(state: SimState, req: SimRequest): RouteMatch | undefined {
  const segments = req.path.split("/").filter(Boolean);
  const [resource, id] = segments;
  const method = req.method;

  // POST /_sim/sessions/{session}/scan – the phone scans the session's QR code: linked, WORKING
  // GET /_sim/sessions/{session}/qr – the QR code as the phone page shows it (no API key needed)
  if (resource === "sessions" && id && segments.length === 3) {
    const session = state.sessions.get(id);
    const found = () => {
      if (!session) throw new SimHttpError(404, { error: `no WAHA session ${id}` });
      return settleSession(state, session);
    };
    if (method === "POST" && segments[2] === "scan") {
      return route(() => {
        const scanned = found();
        scanQr(scanned);
        return json(accountView(state, scanned));
      });
    }
    if (method === "GET" && segments[2] === "qr") {
      return {
        style: "control",
        handle: async () => ({ status: 200, body: await qrPng(found()), contentType: "image/png" }),
      };
    }
  }

  // POST /_sim/viewers/messages – a sandbox person replies to, reacts to or mentions a story, or writes
  if (resource === "viewers" && id === "messages" && segments.length === 2 && method === "POST") {
    return route(() => json(actAsViewer(state, req.origin, parse(viewerMessageSchema, req.json)), 201));
  }

  // POST /_sim/phone/messages – the phone page's reply, reaction and mention forms
  if (resource === "phone" && id === "messages" && segments.length === 2 && method === "POST") {
    return route(() => postFromPhone(state, req));
  }

  switch (`${method} ${resource ?? ""}${id ? "/:id" : ""}`) {
    // GET /_sim/health – liveness for start scripts and tests
    case "GET health":
      return route(() => json({ ok: true }));

    // POST /_sim/accounts – create an Instagram account, Facebook page or WAHA session (idempotent with an id)
    case "POST accounts":
      return route(() => {
        const input = parse(createAccountSchema, req.json);
        // Channels connected through the sandbox login are registered again after a restart:
        // their Pages must exist first so the Page tokens keep their owner.
        if (isSandboxLoginAccount(input.id)) ensureSandboxUser(state);
        const { created, account } = createAccount(state, input);
        return json(accountView(state, account), created ? 201 : 200);
      });

    // GET /_sim/accounts – every account with its tokens or keys
    case "GET accounts":
      return route(() => json({ data: allAccounts(state) }));

    // GET /_sim/ledger – every successful publish, in order (filters: platform, accountId)
    case "GET ledger":
      return route(() => {
        const platform = req.query.get("platform");
        const accountId = req.query.get("accountId");
        const data = state.ledger.filter(
          (entry) =>
            (!platform || entry.platform === platform) && (!accountId || entry.accountId === accountId),
        );
        return json({ data, count: data.length });
      });

    // GET /_sim/revocations – every permission revocation and session logout, in order (filter: platform)
    case "GET revocations":
      return route(() => {
        const platform = req.query.get("platform");
        const data = state.revocations.filter((entry) => !platform || entry.platform === platform);
        return json({ data, count: data.length });
      });

    // GET /_sim/messages – every message a Send API accepted, in order (filters: platform, accountId)
    case "GET messages":
      return route(() => {
        const platform = req.query.get("platform");
        const accountId = req.query.get("accountId");
        const data = state.messaging.sent.filter(
          (message) =>
            (!platform || message.platform === platform) && (!accountId || message.accountId === accountId),
        );
        return json({ data, count: data.length });
      });

    // GET /_sim/avatars/{id}.svg – a sandbox person's generated profile picture (profile_pic)
    case "GET avatars/:id":
      return route(() => {
        const personId = (id ?? "").replace(/\.svg$/, "");
        return {
          status: 200,
          body: avatarSvg(personId, state.messaging.people.get(personId)?.name),
          contentType: "image/svg+xml; charset=utf-8",
          headers: { "cache-control": "public, max-age=3600" },
        };
      });

    // GET /_sim/calls – calls received per platform.operation (attempts, not outcomes)
    case "GET calls":
      return route(() => json({ data: Object.fromEntries(state.calls) }));

    // POST /_sim/faults – arm a call fault, or expire/revoke a token, or change a WAHA session's state
    case "POST faults":
      return route(() => {
        const result = applyFault(state, parse(faultInputSchema, req.json));
        return json(result.detail, result.armed ? 201 : 200);
      });

    // GET /_sim/faults – armed faults with how often they matched and fired
    case "GET faults":
      return route(() => json({ data: state.faults.list(), webhooks: state.webhooks.listFaults() }));

    // DELETE /_sim/faults – disarm all faults
    case "DELETE faults":
      return route(() => {
        state.faults.clear();
        state.webhooks.clearFaults();
        return json({ ok: true });
      });

    // POST /_sim/webhooks {callbackUrl, verifyToken, fields?} – subscribe the app's callback, after Meta's GET handshake
    case "POST webhooks":
      return {
        style: "control",
        handle: async () => {
          const subscription = await subscribeWebhook(state, parse(subscribeSchema, req.json));
          return json({ subscription }, 201);
        },
      };

    // GET /_sim/webhooks – the subscription and every delivery with its attempts
    case "GET webhooks":
      return route(() =>
        json({
          subscription: state.webhooks.subscription ?? null,
          deliveries: state.webhooks.deliveries.map(deliveryView),
          waha: state.webhooks.wahaDeliveries.map(wahaDeliveryView),
        }),
      );

    // DELETE /_sim/webhooks – unsubscribe (deliveries already under way keep retrying)
    case "DELETE webhooks":
      return route(() => {
        state.webhooks.subscription = undefined;
        return json({ ok: true });
      });

    // GET /_sim/clock – the simulated time
    case "GET clock":
      return route(() => json(clockView(state)));

    // POST /_sim/clock {"advanceMs": N} – move simulated time forward
    case "POST clock":
      return route(() => {
        state.clock.advance(parse(clockSchema, req.json).advanceMs);
        // Stories the jump expired get their story_insights delivery now, not at the next tick.
        deliverExpiredStories(state);
        return json(clockView(state));
      });

    // POST /_sim/reset – forget everything: accounts, tokens, stories, ledger, faults, clock offset
    case "POST reset":
      return route(() => {
        state.reset();
        return json({ ok: true });
      });

    // GET /_sim/live – the phone page's data as JSON
    case "GET live":
      return route(() => json({ now: state.now(), data: liveFeeds(state) }));

    // GET /_sim/media/{sha256} – media bytes the simulators received, for the phone page and media_url
    case "GET media/:id":
      return route(() => {
        const media = id ? state.mediaBytes.get(id) : undefined;
        if (!media) throw new SimHttpError(404, { error: "no such media" });
        return {
          status: 200,
          body: media.bytes,
          contentType: media.mime,
          headers: { "cache-control": "public, max-age=86400, immutable" },
        };
      });
  }
  return undefined;
}
