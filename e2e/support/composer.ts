import type { Page } from "@playwright/test";

/** The asset ids of the composer's frames, in order. */
export async function frameOrder(page: Page): Promise<string[]> {
  return page
    .getByTestId("frame")
    .evaluateAll((items) => items.map((item) => item.getAttribute("data-asset-id") ?? ""));
}
