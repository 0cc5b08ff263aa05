import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { openExportDownload } from "@/lib/exports/open-export-download";
import { mediaStorage } from "@/lib/media/storage-config";

export const dynamic = "force-dynamic";

const REFUSALS = {
  invalid: { status: 403, text: "This download link is not valid. Copy it again from the export page." },
  expired: {
    status: 410,
    text: "This download link has expired (links last 24 hours). Start a new export on the export page.",
  },
  gone: {
    status: 404,
    text: "This export was deleted or does not exist. Start a new export on the export page.",
  },
} as const;

// GET /exports/:exportId?exp=&sig= – a data export's ZIP; no session, the signature is the authorisation
export async function GET(request: Request, { params }: { params: Promise<{ exportId: string }> }) {
  const { exportId } = await params;
  const query = new URL(request.url).searchParams;
  const download = await openExportDownload(
    { db: db(), storage: mediaStorage(), authSecret: env().AUTH_SECRET },
    { exportId, exp: query.get("exp"), sig: query.get("sig") },
  );
  if (!download.ok) {
    const refusal = REFUSALS[download.reason];
    return new Response(refusal.text, {
      status: refusal.status,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  return new Response(download.body, {
    headers: {
      "content-type": "application/zip",
      "content-length": String(download.sizeBytes),
      "content-disposition": `attachment; filename="${download.fileName}"`,
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
    },
  });
}
