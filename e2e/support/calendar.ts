import { expect, type Locator, type Page } from "@playwright/test";
import { sql } from "./database";

// The calendar page: its days and story cards, a mouse drag between them, and the story row a
// move changes.

/** A day cell of the calendar, by its date ("2027-03-10") in the days' zone. */
export const calendarDay = (page: Page, date: string) =>
  page.locator(`[data-testid="calendar-day"][data-date="${date}"]`);

/** A story's card on the calendar. */
export const calendarCard = (page: Page, storyId: string) => page.locator(`[data-story-id="${storyId}"]`);

/** What a move changes in a story's row, with `scheduledAt` as an ISO string. */
export async function storyRow(id: string) {
  const [row] = await sql<{ scheduledAt: Date; scheduledLocal: string; timeZone: string; version: number }>(
    `SELECT "scheduledAt", "scheduledLocal", "timeZone", version FROM "Story" WHERE id = $1`,
    [id],
  );
  if (!row) throw new Error(`story ${id} is gone`);
  return { ...row, scheduledAt: row.scheduledAt.toISOString() };
}

/**
 * A real mouse drag of a story card by its time, in small steps so the calendar sees a drag rather
 * than a click. Each phase waits for dnd-kit to have seen it (the card lifted, then the day under
 * it as the drop target) before the next: under load the browser may not yet have handled the
 * moves when the button is released, and the card would drop on no day, or on a day passed over.
 */
export async function dragToDay(page: Page, card: Locator, day: Locator) {
  const start = await card.locator("time").first().boundingBox();
  if (!start) throw new Error("nothing to drag");
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 12, start.y + start.height / 2, { steps: 4 });
  await expect(card).toHaveAttribute("data-dragging", "true");
  // Measured after the lift: picking the card up may have scrolled the page.
  const end = await day.boundingBox();
  if (!end) throw new Error("no day to drag to");
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 15 });
  await expect(day).toHaveAttribute("data-over", "true");
  await page.mouse.up();
}
