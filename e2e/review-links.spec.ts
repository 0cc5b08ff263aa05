import { type Browser, expect, type Page, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { createReviewLink } from "@/lib/review-links/create-review-link";
import { scheduleStory } from "@/lib/stories/schedule-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { makeBrand, makeMember, makeTeamApproval, makeUser, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { connectSandboxChannels, runId } from "./support/accounts";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";
import { signInAs } from "./support/sign-in";
import { stack } from "./support/stack";

// Client review links, end to end: an editor shares a TEAM_AND_CLIENT brand's team-approved
// stories; the client, in a fresh browser with no account, approves one, asks for changes on one,
// comments on a third, and is told to reload a story that changed; the editor reads it all on the
// story pages and revokes the link. The link reaches nothing else: not the dashboard, not the API,
// not another brand's story, not media outside it; an expired or forged link, and too many
// requests, are refused with a clear message. A client member loses Members, Media and Settings.

const RUN = runId();
const ZONE = "America/New_York";
const CLIENT = { name: "Carla Client", email: `carla-${RUN}@client.example` };

type Seed = {
  slug: string;
  workspaceId: string;
  brandId: string;
  brandName: string;
  editorEmail: string;
  clientMemberEmail: string;
  editorCtx: WorkspaceContext;
  stories: { id: string; title: string }[];
  otherBrandStoryId: string;
  looseAssetId: string;
  from: string;
  to: string;
};

let seed: Seed;
let queues: PublishQueues;

/** "yyyy-MM-dd" `days` from now (UTC): well after the run, and well inside the horizon. */
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test.use({ timezoneId: ZONE, locale: "en-US", viewport: { width: 1280, height: 900 } });

test.beforeAll(async () => {
  queues = createPublishQueues(stack.redisUrl);
  const { workspace, ownerId } = await makeWorkspace(db(), { name: `Client Agency ${RUN}` });
  const brand = await makeBrand(db(), workspace.id, {
    name: `Client Bakery ${RUN}`,
    timeZone: ZONE,
    approvalPolicy: "TEAM_AND_CLIENT",
  });
  const other = await makeBrand(db(), workspace.id, {
    name: `Other Brand ${RUN}`,
    timeZone: ZONE,
    approvalPolicy: "TEAM",
  });
  const channels = await connectSandboxChannels(brand.id);
  const otherChannels = await connectSandboxChannels(other.id);
  const editor = await makeUser(db(), {
    name: "Edie Editor",
    email: `links-editor-${RUN}@e2e.storyrelay.test`,
  });
  const clientMember = await makeUser(db(), {
    name: "Cliff Client",
    email: `links-client-${RUN}@e2e.storyrelay.test`,
  });
  const editorCtx = await makeMember(db(), workspace, "EDITOR", { userId: editor.id });
  await makeMember(db(), workspace, "APPROVER", { userId: clientMember.id, brandIds: [brand.id] });
  const deps = { db: db(), queues, logger: createLogger("e2e", "silent") };

  const schedule = async (
    brandId: string,
    channelIds: string[],
    title: string,
    date: string,
    seedNo: number,
  ) => {
    const asset = await readyMediaAsset(editorCtx, {
      bytes: jpeg({ width: 1080, height: 1920, seed: seedNo }),
      originalName: `${title}.jpg`,
      brandId,
    });
    const story = await scheduleStory(deps, editorCtx, {
      brandId,
      title,
      channelIds,
      frames: [asset.id],
      when: { local: `${date}T09:00` },
    });
    // The team's half of the review: the client's approval completes it.
    await makeTeamApproval(db(), story, ownerId);
    return { id: story.id, title };
  };
  const from = daysAhead(40);
  const stories = [];
  for (const [i, name] of ["Croissant", "Baguette", "Eclair", "Brioche"].entries()) {
    stories.push(
      await schedule(
        brand.id,
        channels.map((c) => c.id),
        `${name} ${RUN}`,
        daysAhead(40 + i),
        10 + i,
      ),
    );
  }
  const otherStory = await schedule(
    other.id,
    otherChannels.map((c) => c.id),
    `Elsewhere ${RUN}`,
    daysAhead(41),
    20,
  );
  const loose = await readyMediaAsset(editorCtx, {
    bytes: jpeg({ width: 1080, height: 1920, seed: 30 }),
    originalName: `unshared-${RUN}.jpg`,
    brandId: brand.id,
  });
  seed = {
    slug: workspace.slug,
    workspaceId: workspace.id,
    brandId: brand.id,
    brandName: brand.name,
    editorEmail: editor.email,
    clientMemberEmail: clientMember.email,
    editorCtx,
    stories,
    otherBrandStoryId: otherStory.id,
    looseAssetId: loose.id,
    from,
    to: daysAhead(43),
  };
});

test.afterAll(async () => {
  await queues.close();
  await disconnectDb();
});

const signIn = (browser: Browser, email: string): Promise<Page> =>
  signInAs(browser, email, {
    page: { timezoneId: ZONE, locale: "en-US", viewport: { width: 1280, height: 900 } },
  });

const card = (page: Page, title: string) => page.getByTestId("review-story").filter({ hasText: title });

test("an editor shares stories; a client without an account approves, asks for changes and comments; the editor sees it and revokes", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const [croissant, baguette, eclair, brioche] = seed.stories as [
    Seed["stories"][0],
    Seed["stories"][0],
    Seed["stories"][0],
    Seed["stories"][0],
  ];
  const editor = await signIn(browser, seed.editorEmail);
  let url = "";

  await test.step("the editor makes a link for a date range and copies it", async () => {
    await editor.goto(`/w/${seed.slug}/brands/${seed.brandId}`);
    await editor.getByRole("link", { name: "Share for review" }).click();
    await expect(editor.getByRole("heading", { name: "Share for review" })).toBeVisible();
    await editor.getByLabel("From").fill(seed.from);
    await editor.getByLabel("To (included)").fill(seed.to);
    await editor.getByLabel("Label (for you)").fill(`Next month ${RUN}`);
    await editor.getByRole("button", { name: "Create review link" }).click();
    const created = editor.getByTestId("new-review-link");
    await expect(created).toHaveValue(/\/review\/[a-z0-9]+\.\d+\.[A-Za-z0-9_-]{43}$/);
    url = await created.inputValue();
    await expect(editor.getByTestId("review-link").filter({ hasText: `Next month ${RUN}` })).toContainText(
      "Active",
    );
    await keepScreenshot(editor, "review-links-share.png");
  });

  // A fresh browser context: no account, no cookie.
  const clientContext = await browser.newContext({ timezoneId: "Europe/Paris", locale: "en-GB" });
  const client = await clientContext.newPage();

  await test.step("the client's page: the brand, each story as phone previews with its time, no index, no referrer, no cookie", async () => {
    const response = await client.goto(url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    expect(response?.headers()["x-robots-tag"]).toContain("noindex");
    await expect(client.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
    await expect(client.getByTestId("review-brand")).toHaveText(seed.brandName);
    await expect(client.getByTestId("review-story")).toHaveCount(4);
    const first = card(client, croissant.title);
    await expect(first.getByTestId("phone-preview")).toBeVisible();
    await expect(first.getByRole("img", { name: `${croissant.title}.jpg` })).toBeVisible();
    // The time reads in the client's zone and in the brand's.
    await expect(first).toContainText(`09:00 in ${ZONE}`);
    await expect(first.getByTestId("review-story-status")).toHaveText("In review");
    expect(await clientContext.cookies()).toEqual([]);
  });

  await test.step("a decision without a name is refused beside the control; then approve, request changes, comment", async () => {
    const first = card(client, croissant.title);
    await first.getByRole("button", { name: "Approve" }).click();
    await expect(first.getByTestId("review-decision-outcome")).toHaveText(
      "Enter your name at the top of the page first.",
    );
    await client.getByLabel("Your name (required)").fill(CLIENT.name);
    await client.getByLabel("Your e-mail (optional)").fill(CLIENT.email);
    await first.getByRole("button", { name: "Approve" }).click();
    await expect(first.getByTestId("review-decision-outcome")).toHaveText("Approved: thank you.");
    await expect(first.getByTestId("review-story-status")).toHaveText("Scheduled");

    const second = card(client, baguette.title);
    await second.getByRole("button", { name: "Request changes" }).click();
    await expect(second.getByTestId("review-decision-outcome")).toContainText("Say what should change");
    await second.getByLabel("What should change?").fill("Show the crust closer, please.");
    await second.getByRole("button", { name: "Request changes" }).click();
    await expect(second.getByTestId("review-decision-outcome")).toHaveText(
      "Sent: the agency will make the changes and send it back to you.",
    );
    await expect(second.getByTestId("review-story-decision")).toContainText(
      "Changes requested by Carla Client",
    );

    const third = card(client, eclair.title);
    await third.getByLabel("Comment").fill("Lovely colours!");
    await third.getByRole("button", { name: "Send comment" }).click();
    await expect(third.getByTestId("review-comment-outcome")).toHaveText("Comment sent to the agency.");
    await expect(third.getByTestId("review-story-comment")).toContainText("Lovely colours!");
  });

  await test.step("a story that changed since the page opened says to reload", async () => {
    await db().story.update({ where: { id: brioche.id }, data: { version: { increment: 1 } } });
    const fourth = card(client, brioche.title);
    await fourth.getByRole("button", { name: "Approve" }).click();
    await expect(fourth.getByTestId("review-decision-outcome")).toHaveText(
      "This story changed since you opened the page — reload it to review the new version.",
    );
    await keepScreenshot(client, "review-links-client-1280.png");
    await client.setViewportSize({ width: 390, height: 844 });
    await client.reload();
    // The name was kept in this browser.
    await expect(client.getByLabel("Your name (required)")).toHaveValue(CLIENT.name);
    await expect(client.getByTestId("review-story")).toHaveCount(4);
    expect(await client.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await keepScreenshot(client, "review-links-client-390.png");
  });

  await test.step("the link reaches nothing else: media outside it, another brand's story, the dashboard, the API", async () => {
    const base = new URL(url).pathname;
    const frame = await db().storyFrame.findFirstOrThrow({ where: { storyId: croissant.id } });
    const media = await client.request.get(`${base}/media/${frame.id}`);
    expect(media.status()).toBe(200);
    expect(media.headers()["content-type"]).toContain("image/");
    const loose = await client.request.get(`${base}/media/${seed.looseAssetId}`);
    expect(loose.status()).toBe(404);
    const foreign = await client.request.post(`${base}/stories/${seed.otherBrandStoryId}/decision`, {
      data: { ...CLIENT, version: 1, decision: "APPROVED" },
    });
    expect(foreign.status()).toBe(404);
    expect(((await foreign.json()) as { detail: string }).detail).toBe(
      "This story is not part of this review link.",
    );
    await client.goto(`/w/${seed.slug}`);
    await expect(client).toHaveURL(/\/sign-in/);
    await client.goto(`/w/${seed.slug}/brands/${seed.brandId}/review-links`);
    await expect(client).toHaveURL(/\/sign-in/);
    const api = await client.request.get("/api/v1/stories");
    expect(api.status()).toBe(401);
    // A forged token (one character of the signature changed) is refused.
    const forged = url.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    await client.goto(forged);
    await expect(client.getByTestId("review-refusal")).toContainText("This review link is not valid");
  });

  await test.step("the editor sees the client's decisions and comment on the story pages and the link's count", async () => {
    await editor.goto(`/w/${seed.slug}/stories/${croissant.id}`);
    await expect(editor.getByTestId("story-status")).toHaveText("Scheduled");
    await expect(editor.getByTestId("review-decision").first()).toContainText(
      "Approved by Carla Client (client, through a review link)",
    );
    await editor.goto(`/w/${seed.slug}/stories/${baguette.id}`);
    const changes = editor.getByTestId("review-decision").filter({ hasText: "Changes requested" });
    await expect(changes).toContainText("Changes requested by Carla Client (client, through a review link)");
    await expect(changes).toContainText("Show the crust closer, please.");
    await editor.goto(`/w/${seed.slug}/stories/${eclair.id}`);
    await expect(editor.getByTestId("comment")).toContainText("Carla Client (client, through a review link)");
    await expect(editor.getByTestId("comment")).toContainText("Lovely colours!");
    await editor.goto(`/w/${seed.slug}/brands/${seed.brandId}/review-links`);
    const row = editor.getByTestId("review-link").filter({ hasText: `Next month ${RUN}` });
    await expect(row.getByTestId("review-link-decisions")).toHaveText("2 decisions, 1 comment");
    await expect(row).toContainText("last used");
  });

  await test.step("revoked, the link says so", async () => {
    const row = editor.getByTestId("review-link").filter({ hasText: `Next month ${RUN}` });
    await row.getByRole("button", { name: `Revoke Next month ${RUN}` }).click();
    await editor.getByRole("alertdialog").getByRole("button", { name: "Revoke link" }).click();
    await expect(row.getByTestId("review-link-status")).toHaveText("Revoked");
    await keepScreenshot(editor, "review-links-list.png");
    await client.goto(url);
    await expect(client.getByTestId("review-refusal")).toHaveText(
      "This review link was revoked. Ask the agency for a new one.",
    );
    await keepScreenshot(client, "review-links-revoked-390.png");
  });

  await clientContext.close();
});

test("expired links and too many requests are refused with a clear message, on the page and in JSON", async ({
  browser,
}) => {
  const authSecret = env().AUTH_SECRET;
  const weekAgo = () => new Date(Date.now() - 8 * 86_400_000);
  const expired = await createReviewLink(
    { db: db(), authSecret, now: weekAgo },
    seed.editorCtx,
    seed.brandId,
    {
      storyIds: [seed.stories[0]?.id ?? ""],
      expiresInDays: 1,
    },
  );
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/review/${expired.token}`);
  await expect(page.getByTestId("review-refusal")).toHaveText(
    "This review link has expired. Ask the agency for a new one.",
  );

  const busy = await createReviewLink({ db: db(), authSecret }, seed.editorCtx, seed.brandId, {
    storyIds: [seed.stories[2]?.id ?? ""],
  });
  // The page and its requests share the link's budget of 60 a minute.
  let refused = "";
  for (let i = 0; i < 70 && !refused; i++) {
    const answer = await context.request.post(
      `/review/${busy.token}/stories/${seed.stories[2]?.id}/comment`,
      {
        data: { name: "Script", body: `Comment ${i}` },
      },
    );
    if (answer.status() === 429) {
      expect(Number(answer.headers()["retry-after"])).toBeGreaterThan(0);
      refused = ((await answer.json()) as { detail: string }).detail;
    } else {
      expect(answer.status()).toBe(200);
    }
  }
  expect(refused).toMatch(
    /^Too many requests through this review link\. Wait \d+ s, then reload the page\.$/,
  );
  await page.goto(`/review/${busy.token}`);
  await expect(page.getByTestId("review-refusal")).toContainText(
    "Too many requests through this review link",
  );
  await context.close();
});

test("a client member (an approver limited to a brand) no longer sees Members, Media or Settings", async ({
  browser,
}) => {
  const page = await signIn(browser, seed.clientMemberEmail);
  const nav = page.getByRole("navigation", { name: "Workspace" });
  await expect(nav.getByRole("link", { name: "Calendar" })).toBeVisible();
  for (const name of ["Members", "Media", "Settings"])
    await expect(nav.getByRole("link", { name })).toHaveCount(0);
  for (const path of ["members", "media", "settings", "settings/api"]) {
    await page.goto(`/w/${seed.slug}/${path}`);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
  // Their own brand's story is still theirs to review.
  await page.goto(`/w/${seed.slug}/stories/${seed.stories[3]?.id}`);
  await expect(page.getByTestId("story-status")).toBeVisible();
});
