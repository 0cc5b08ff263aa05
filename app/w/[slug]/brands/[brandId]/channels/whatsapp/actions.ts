"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionState } from "@/app/_lib/action-state";
import type { WebDeps } from "@/app/_lib/deps";
import { workspaceAction } from "@/app/_lib/server-action";
import { pollWhatsAppPairing } from "@/lib/channels/poll-whatsapp-pairing";
import { startWhatsAppPairing } from "@/lib/channels/start-whatsapp-pairing";
import { wahaInboundHook } from "@/lib/inbox/inbound-hook";
import { publisherFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { resumeHeldTargets } from "@/lib/publishing/resume-held-targets";

// "Connect WhatsApp (scan a QR code)" and "Re-pair": start a pairing on the person's gateway, then
// the page polls it. The gateway's API key goes into the first form and never comes back: the
// browser holds the pairing's id, and the QR code reaches it through pollPairingAction.

const pairingPage = (slug: string, brandId: string, pairingId: string) =>
  `/w/${slug}/brands/${brandId}/channels/whatsapp?pairing=${encodeURIComponent(pairingId)}`;

export async function startPairingAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  const result = await workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    const field = (name: string) => (formData.has(name) ? String(formData.get(name)) : undefined);
    const { pairingId } = await startWhatsAppPairing(deps, ctx, {
      brandId,
      gatewayUrl: field("gatewayUrl"),
      session: field("session"),
      apiKey: field("apiKey"),
      acknowledgeUnofficial: formData.get("acknowledgeUnofficial") === "on",
    });
    redirect(pairingPage(slug, brandId, pairingId));
  });
  // The key never travels back to the browser, not even to refill a refused form.
  const { apiKey: _key, ...values } = result.values ?? {};
  return { ...result, values };
}

export async function repairAction(
  slug: string,
  brandId: string,
  channelId: string,
  _prev: ActionState,
  _formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { brandId, channelId } }, async (ctx, deps) => {
    const { pairingId } = await startWhatsAppPairing(deps, ctx, { brandId, channelId });
    revalidatePath(`/w/${slug}`, "layout");
    redirect(pairingPage(slug, brandId, pairingId));
  });
}

function connectDeps(deps: WebDeps) {
  return {
    db: deps.db,
    box: deps.box,
    resumeHeldTargets: (channel: { id: string; workspaceId: string }) => resumeHeldTargets(deps, channel),
    endpointsFor: createEndpointResolver(deps.env),
    publisherFor,
    // The paired session posts its messages to the channel's inbox URL.
    inboundHookFor: (channelId: string) =>
      wahaInboundHook(
        { publicBaseUrl: deps.env.PUBLIC_BASE_URL, serverSecret: deps.env.AUTH_SECRET },
        channelId,
      ),
  };
}

/**
 * One look at the pairing for the polling panel: `data.state`, the QR code as a data: URL while it
 * waits for a scan, and once WORKING the channel's name and number.
 */
export async function pollPairingAction(slug: string, pairingId: string): Promise<ActionState> {
  return workspaceAction(slug, { args: { pairingId } }, async (ctx, deps): Promise<ActionState> => {
    const view = await pollWhatsAppPairing(connectDeps(deps), ctx, { pairingId });
    if (view.state === "SCAN_QR_CODE") {
      return {
        ok: true,
        data: { state: view.state, qr: `data:image/png;base64,${view.qrPng.toString("base64")}` },
      };
    }
    if (view.state === "UNREACHABLE") return { ok: true, data: { state: view.state, reason: view.reason } };
    if (view.state !== "WORKING") return { ok: true, data: { state: view.state } };
    revalidatePath(`/w/${slug}`, "layout");
    const resumed =
      view.resumedTargets > 0
        ? ` ${view.resumedTargets} held ${view.resumedTargets === 1 ? "story goes" : "stories go"} out now.`
        : "";
    return {
      ok: true,
      message: `${view.reconnected ? "Re-paired" : "Connected"} ${view.channel.displayName}.${resumed}`,
      data: { state: view.state, channelName: view.channel.displayName, number: view.number ?? "" },
    };
  });
}
