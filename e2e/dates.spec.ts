import { expect, type Locator, test } from "@playwright/test";
import { formatInstant, type TimeStyle } from "@/lib/core/instant-format";
import { db, disconnectDb } from "@/lib/db/client";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { jpeg } from "@/test/media/media-fixtures";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";

// One date format (issue 11, item 12): a viewer in New York reads a Lisbon brand's story page and
// the media library. Every time on them is in the formatter's one shape ("Sat, Dec 5, 09:00 AM" in
// the viewer's en-US), in the viewer's zone, and the brand's time beside it names Lisbon; none is
// "12/05/2026, 01:00 PM", "5 Dec 2026, 11:40" or a raw "Tue, 08 Dec 2026 10:47:55 GMT".

const VIEWER_ZONE = "America/New_York";
const BRAND_ZONE = "Europe/Lisbon";
const RUN = runId();

test.use({ timezoneId: VIEWER_ZONE, locale: "en-US", viewport: { width: 1280, height: 900 } });

test.afterAll(async () => {
  await disconnectDb();
});

/** The formatter's shape in en-US: "Sat, Dec 5, 09:00 AM", with ", 2027" or ":07" when asked. */
const SHAPE =
  String.raw`(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}(?:, \d{4})?, \d{2}:\d{2}(?::\d{2})?\s[AP]M`.replace(
    / /g,
    String.raw`\s`,
  );
/** A <time> as LocalTime writes it: the viewer's time, and the brand's, named, when it differs. */
const TIME = new RegExp(String.raw`^${SHAPE}(?:\syour\stime\s·\s${SHAPE}\sin\s[A-Za-z_]+/[A-Za-z_]+)?$`);

/** `text` within, whichever space characters the browser's Intl puts in it. */
function loosely(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s/g, "\\s"));
}

/** `text` exactly, whichever space characters the browser's Intl puts in it. */
const exactly = (text: string) => new RegExp(`^${loosely(text).source}$`);

const viewer = (instant: Date, style?: TimeStyle) => formatInstant(instant, VIEWER_ZONE, style, "en-US");
const brand = (instant: Date, style?: TimeStyle) => formatInstant(instant, BRAND_ZONE, style, "en-US");

/** Every <time> in `scope` reads in the one shape (after hydration put it in the viewer's zone). */
async function expectOneShape(scope: Locator) {
  const times = scope.locator("time");
  const count = await times.count();
  expect(count).toBeGreaterThan(0);
  await expect(times).toHaveText(Array.from({ length: count }, () => TIME));
  await expect(scope).not.toContainText("GMT");
  await expect(scope).not.toContainText(/\d{1,2}\/\d{1,2}\/\d{4}/);
}

test("the story page and the media library show every time in one format, in the viewer's zone", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const account = {
    name: "Dana Dates",
    email: `dates-${RUN}@e2e.storyrelay.test`,
    password: "a long enough passphrase",
    workspace: `Dates Agency ${RUN}`,
  };
  const { slug, brandId } = await newOwnerWithBrand(page, account, {
    name: `Clock Bakery ${RUN}`,
    timeZone: BRAND_ZONE,
  });
  const channels = await connectSandboxChannels(brandId);
  const instagram = channels.find((c) => c.platform === "INSTAGRAM");
  if (!instagram) throw new Error("sandbox channels missing");
  const row = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
  const user = await db().user.findUniqueOrThrow({ where: { email: account.email } });
  const ctx = await resolveWorkspaceContext(db(), user.id, slug);
  const asset = await readyMediaAsset(ctx, {
    bytes: jpeg({ width: 1080, height: 1920 }),
    originalName: "clock.jpg",
    brandId,
  });

  // As the pipeline leaves a story published on its second attempt.
  const scheduledAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000);
  const firstTry = new Date(scheduledAt.getTime() + 3_000);
  const publishedAt = new Date(scheduledAt.getTime() + 65_000);
  const story = await db().story.create({
    data: {
      workspaceId: row.workspaceId,
      brandId,
      title: "Clockwork croissant",
      status: "PUBLISHED",
      scheduledAt,
      timeZone: BRAND_ZONE,
      publishedAt,
    },
  });
  const frame = await db().storyFrame.create({
    data: { workspaceId: row.workspaceId, storyId: story.id, position: 0, mediaAssetId: asset.id },
  });
  const target = await db().storyTarget.create({
    data: {
      workspaceId: row.workspaceId,
      storyId: story.id,
      channelId: instagram.id,
      state: "PUBLISHED",
      attemptCount: 2,
      publishedAt,
    },
  });
  await db().publishAttempt.createMany({
    data: [
      {
        workspaceId: row.workspaceId,
        targetId: target.id,
        attemptNumber: 1,
        outcome: "FAILED",
        errorClass: "RETRYABLE",
        errorMessage: "Instagram had a temporary problem.",
        startedAt: firstTry,
        finishedAt: new Date(firstTry.getTime() + 2_000),
      },
      {
        workspaceId: row.workspaceId,
        targetId: target.id,
        attemptNumber: 2,
        outcome: "SUCCEEDED",
        startedAt: new Date(publishedAt.getTime() - 4_000),
        finishedAt: publishedAt,
      },
    ],
  });
  await db().storyTargetFrame.create({
    data: {
      workspaceId: row.workspaceId,
      targetId: target.id,
      frameId: frame.id,
      position: 0,
      state: "PUBLISHED",
      externalMediaId: "17900000000000042",
      publishedAt,
    },
  });

  await page.goto(`/w/${slug}/stories/${story.id}`);
  const time = page.getByTestId("story-time");
  // The viewer's own time first; the brand's beside it, its zone named because it is not theirs.
  await expect(time).toHaveText(
    exactly(`Scheduled for ${viewer(scheduledAt)} your time · ${brand(scheduledAt)} in ${BRAND_ZONE}`),
  );
  const card = page.getByTestId("target").filter({ hasText: instagram.displayName });
  await expect(card.getByTestId("target-published")).toContainText(
    loosely(`Published ${viewer(publishedAt)} your time · ${brand(publishedAt)} in ${BRAND_ZONE}`),
  );
  await card.getByText("Details:").click();
  // The attempt log, to the second, in the viewer's time.
  await expect(card.getByText(loosely(`started ${viewer(firstTry, "date-time-seconds")}`))).toBeVisible();
  await expectOneShape(page.getByRole("main"));
  await keepScreenshot(page, "dates-story-page.png");

  await page.goto(`/w/${slug}/media`);
  const uploaded = page
    .getByTestId("media-card")
    .filter({ hasText: "clock.jpg" })
    .getByTestId("media-uploaded");
  await expect(uploaded).toHaveText(exactly(`Uploaded ${viewer(asset.createdAt)}`));
  await expectOneShape(page.getByRole("main"));
  await keepScreenshot(page, "dates-media-library.png");
});
