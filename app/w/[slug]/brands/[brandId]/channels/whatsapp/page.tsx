import Link from "@/app/_components/ui/link";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getBrand } from "@/lib/brands/get-brand";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { pollPairingAction, startPairingAction } from "./actions";
import { PairingForm } from "./pairing-form";
import { PairingPanel } from "./pairing-panel";

export const metadata = { title: "Connect WhatsApp by QR code" };

// /w/[slug]/brands/[brandId]/channels/whatsapp[?pairing=<id>] – pair a WAHA gateway session by QR code
export default async function WhatsAppPairingPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; brandId: string }>;
  searchParams: Promise<{ pairing?: string | string[] }>;
}) {
  const { slug, brandId } = await params;
  const ctx = await requireWorkspace(slug);
  const brand = await orNotFound(getBrand(db(), ctx, brandId));
  const back = `/w/${ctx.workspaceSlug}/brands/${brand.id}`;
  const { pairing } = await searchParams;

  return (
    <section className="flex flex-col gap-4">
      <p className="text-sm">
        <Link href={back} className="text-brand-700 hover:underline">
          {brand.name}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Connect WhatsApp by QR code</h1>
      {!can(ctx.role, "channels:manage") ? (
        <p>Only owners and admins can connect channels. Ask one of them.</p>
      ) : typeof pairing === "string" ? (
        <PairingPanel
          poll={pollPairingAction.bind(null, ctx.workspaceSlug, pairing)}
          back={back}
          again={`${back}/channels/whatsapp`}
        />
      ) : (
        <>
          <p className="max-w-xl text-sm text-zinc-600">
            StoryRelay starts the session on your WAHA gateway and shows its QR code here. Scan it with
            WhatsApp on the phone (Settings → Linked devices → Link a device); the channel is saved once the
            phone is linked. The API key is stored encrypted and never shown again.
          </p>
          <PairingForm
            action={startPairingAction.bind(null, ctx.workspaceSlug, brand.id)}
            sandboxGateway={`${env().SIMULATOR_URL.replace(/\/+$/, "")}/waha`}
          />
        </>
      )}
    </section>
  );
}
