import type { Page } from "@playwright/test";

// The media library page: its cards, and dropping files on its drop zone.

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
