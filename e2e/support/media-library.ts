import { expect, type Page } from "@playwright/test";
import { sql } from "./database";

// The media library: its page's cards, dropping files on its drop zone, and waiting for the
// workers to process an asset.

/** A file to drop: its bytes (base64), optionally followed by `padBytes` zero bytes made in the page. */
export type DroppedFile = { name: string; type: string; base64: string; padBytes?: number };

/** Drops files on the drop zone the way a browser does: a drop event carrying a DataTransfer. */
export async function dropFiles(page: Page, files: DroppedFile[]) {
  await page.getByTestId("drop-zone").evaluate((zone, list) => {
    const transfer = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      transfer.items.add(
        new File([bytes, new Uint8Array(file.padBytes ?? 0)], file.name, { type: file.type }),
      );
    }
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

/** The library's card of the file uploaded as `name`. */
export function mediaCard(page: Page, name: string) {
  return page.getByTestId("media-card").filter({ hasText: name });
}

/**
 * Waits until the workers have processed a stored asset (READY) and returns the checksum of its
 * story rendition: what the platforms receive and the simulators' phone page shows.
 */
export async function processedChecksum(assetId: string, timeout = 30_000): Promise<string> {
  const row = async () =>
    (
      await sql<{ status: string; checksum: string; errorMessage: string | null }>(
        `SELECT status, checksum, "errorMessage" FROM "MediaAsset" WHERE id = $1`,
        [assetId],
      )
    )[0];
  await expect
    .poll(
      async () => {
        const asset = await row();
        return asset?.status === "FAILED" ? `FAILED: ${asset.errorMessage}` : asset?.status;
      },
      { timeout, message: `media asset ${assetId} is processed` },
    )
    .toBe("READY");
  return (await row())?.checksum ?? "";
}
