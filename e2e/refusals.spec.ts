import { expect, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { keepScreenshot } from "./support/screenshots";

// Bad input ends in a specific refusal next to the control and changes nothing: a time past the
// schedule horizon (SCHEDULE_HORIZON_DAYS, a year by default) is refused beside the time field in
// the server's words, Schedule says why it cannot run, at desktop and phone width, and no story
// is written (the server's own refusal is tested in app/api/v1/time-bounds.integration.test.ts). A URL that is not valid
// percent-encoding gets a 400 that says so, not Next.js's bare 500.

const RUN = runId();
const owner = {
  name: "Rita Refused",
  email: `refusals-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Refusals Agency ${RUN}`,
};

test.afterAll(async () => {
  await disconnectDb();
});

test("a time beyond the schedule horizon is refused beside the time field and writes nothing", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const zone = "Europe/Berlin";
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: `Far Bakery ${RUN}`,
    timeZone: zone,
  });
  await connectSandboxChannels(brandId);
  const brand = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
  const twoYearsAhead = `${new Date().getUTCFullYear() + 2}-06-01T10:00`;

  for (const [label, viewport] of [
    ["desktop", { width: 1280, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.goto(`/w/${slug}/brands/${brandId}/compose`);
    await page.getByText(/^Add text status \(/).click();
    await page.getByLabel("Status text").fill("Bread in two years");
    await page.getByRole("button", { name: "Add text status" }).click();
    const time = page.getByLabel(`Time (${zone})`);
    await time.fill(twoYearsAhead);

    // The limit in the one date shape ("Sun, 5 Dec 2027, 13:00"), its zone named.
    const refusal =
      /^Schedule within 365 days: at most [A-Z][a-z]{2},? \d{1,2} [A-Z][a-z]{2}(?: \d{4})?, \d\d:\d\d \(Europe\/Berlin\)\.$/;
    await expect(page.getByTestId("when-problem")).toHaveText(refusal);
    // Beside the control: the refusal is the time field's own description, and the field is marked.
    await expect(time).toHaveAccessibleDescription(/Schedule within 365 days/);
    await expect(time).toHaveAttribute("aria-invalid", "true");
    const schedule = page.getByRole("button", { name: "Schedule", exact: true });
    await expect(schedule).toBeDisabled();
    await expect(schedule).toHaveAccessibleDescription(/Schedule within 365 days/);
    await keepScreenshot(page, `refusal-horizon-${label}.png`);
  }
  expect(await db().story.count({ where: { workspaceId: brand.workspaceId } })).toBe(0);

  const malformed = await page.request.get(`/w/${slug}/stories/abc%E0%A4%A`);
  expect(malformed.status()).toBe(400);
  expect(await malformed.text()).toContain('"abc%E0%A4%A" is not valid percent-encoded UTF-8');
});
