import Link from "@/app/_components/ui/link";
import { orNotFound } from "@/app/_lib/or-not-found";
import { privacySettingsFor } from "@/app/_lib/privacy-settings";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getBestTimes } from "@/lib/analytics/get-best-times";
import { getBrand } from "@/lib/brands/get-brand";
import { needsApproval } from "@/lib/core/approval-policy";
import { privacySections } from "@/lib/core/privacy-facts";
import { can } from "@/lib/core/roles";
import { formatUtcOffset } from "@/lib/core/time-zone";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { composeStoryAction } from "../../../composer-actions";
import { Composer } from "../../../stories/composer/composer";
import { composerData, suggestedLocal } from "../../../stories/composer/composer-data";
import { reviewersOf } from "../../../stories/composer/reviewers-of";

export const metadata = { title: "New story" };

export default async function ComposePage({
  params,
}: {
  params: Promise<{ slug: string; brandId: string }>;
}) {
  const { slug, brandId } = await params;
  const ctx = await requireWorkspace(slug);
  const brand = await orNotFound(getBrand(db(), ctx, brandId));
  const header = (
    <div>
      <p className="text-sm">
        <Link href={`/w/${ctx.workspaceSlug}/brands/${brand.id}`} className="text-brand-700 hover:underline">
          {brand.name}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">New story</h1>
      <p className="text-zinc-600">
        {brand.timeZone} ({formatUtcOffset(brand.timeZone)} now)
        {needsApproval(brand.approvalPolicy) ? " · approval required before it goes out" : ""}
      </p>
    </div>
  );
  if (!can(ctx.role, "stories:edit")) {
    return (
      <section className="flex flex-col gap-4">
        {header}
        <p>Your role ({ctx.role.toLowerCase()}) cannot compose stories.</p>
      </section>
    );
  }
  const [{ media, channels }, times] = await Promise.all([
    composerData(ctx, brand.id),
    getBestTimes(db(), ctx, brand.id),
  ]);
  const best = new Map(times.best.map((c) => [c.weekday * 24 + c.hour, c]));
  return (
    <section className="flex flex-col gap-6">
      {header}
      <Composer
        action={composeStoryAction.bind(null, ctx.workspaceSlug)}
        brandId={brand.id}
        timeZone={brand.timeZone}
        horizonDays={env().SCHEDULE_HORIZON_DAYS}
        media={media}
        channels={channels}
        privacy={privacySections(
          channels.map((c) => c.platform),
          await privacySettingsFor(ctx),
        )}
        reviewBy={reviewersOf(brand, "author")}
        bestSlots={times.upcoming.map((slot) => {
          const cell = best.get(slot.weekday * 24 + slot.hour);
          return {
            local: slot.local,
            instant: slot.instant.toISOString(),
            timeZone: brand.timeZone,
            why: cell ? `Median reach ${cell.median ?? 0} over ${cell.samples} stories` : "",
          };
        })}
        initial={{
          title: "",
          frames: [],
          channelIds: channels.filter((c) => c.status === "CONNECTED").map((c) => c.id),
          whatsappText: "",
          overrides: [],
          local: suggestedLocal(brand.timeZone),
        }}
      />
    </section>
  );
}
