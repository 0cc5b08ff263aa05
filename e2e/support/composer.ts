import { expect, type Locator, type Page } from "@playwright/test";

/** The asset ids of the composer's frames, in order. */
export async function frameOrder(page: Page): Promise<string[]> {
  return page
    .getByTestId("frame")
    .evaluateAll((items) => items.map((item) => item.getAttribute("data-asset-id") ?? ""));
}

/** dnd-kit's live region for the frame list: each keyboard step of a drag is announced there. */
export function frameAnnouncements(page: Page): Locator {
  // DndContext renders it beside the list (no portal), so it is found next to the list.
  return page.getByTestId("frame-list").locator("xpath=..").locator('[id^="DndLiveRegion-"]');
}

/**
 * Moves frame `from` (1-based) `by` places with the keyboard, as a screen-reader user does: Space
 * lifts it, arrows move it, Space drops it. Each key waits for dnd-kit to have acted on the last:
 * the lift is announced, and dnd-kit attaches its keyboard listener in a zero-delay timer
 * (KeyboardSensor.attach), so one more such timer, queued after the announcement, runs after it
 * (Chromium runs input before timers: an arrow sent at once could find no listener yet); each
 * arrow is announced once the frame is over its new place, and only then may Space drop it there
 * (a Space before that drops the frame where it was).
 */
export async function moveFrameByKeyboard(page: Page, from: number, by: number) {
  const live = frameAnnouncements(page);
  await page.getByRole("button", { name: new RegExp(`^Drag to reorder frame ${from}\\b`) }).focus();
  await page.keyboard.press("Space");
  // Lifted: announced as picked up, or already as over its own place.
  await expect(live).toHaveText(
    new RegExp(`^(Picked up frame ${from}|Frame ${from} is over position ${from})\\.$`),
  );
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  const key = by > 0 ? "ArrowDown" : "ArrowUp";
  for (let step = 1; step <= Math.abs(by); step += 1) {
    await page.keyboard.press(key);
    await expect(live).toHaveText(`Frame ${from} is over position ${from + Math.sign(by) * step}.`);
  }
  await page.keyboard.press("Space");
  await expect(live).toContainText("dropped at position");
}

/**
 * Waits out dnd-kit's click guard after a pointer drag. When a drag ends, dnd-kit stops every
 * click for 50 ms (a capture listener on the document, removed by a 50 ms timer it queues at the
 * drop), so the drop itself clicks nothing. A timer of the same length queued after the drop runs
 * after that one; only then does a click reach its button. Call it once the drop has shown (the
 * new order): a click sent at once on a busy machine came within the guard and was lost.
 */
export async function afterPointerDrop(page: Page) {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
}
