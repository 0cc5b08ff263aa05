import { expect, type Page } from "@playwright/test";

/** The app's one notification region (Radix Toast viewport), where every action's outcome is said. */
export function notifications(page: Page) {
  return page.getByRole("region", { name: /^Notifications/ });
}

/** Confirms the dialog an irreversible action opens, with its confirm button, and waits for it to close. */
export async function confirmDialog(page: Page, confirmLabel: string) {
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: confirmLabel, exact: true }).click();
  await expect(dialog).toHaveCount(0);
}
