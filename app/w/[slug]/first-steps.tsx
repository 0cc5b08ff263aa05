import Link from "@/app/_components/ui/link";
import type { HomeOverview } from "@/lib/home/get-home-overview";

// An empty workspace's first three steps, each linking to the form that does it and ticked off
// once it is done (read from the data, so a step done elsewhere is ticked too).

type Step = { title: string; done: boolean; href: string | null; hint: string };

export function FirstSteps({
  base,
  steps,
  brands,
  canManage,
  canEdit,
}: {
  base: string;
  steps: HomeOverview["firstSteps"];
  brands: HomeOverview["brands"];
  canManage: boolean;
  canEdit: boolean;
}) {
  const firstBrand = brands[0];
  const brandWithChannel = brands.find((b) => b.channels > 0);
  const list: Step[] = [
    {
      title: "Create a brand",
      done: steps.brand,
      href: canManage ? `${base}/brands#new-brand` : null,
      hint: "A brand is the business you post for, with its own time zone.",
    },
    {
      title: "Connect its channels",
      done: steps.channel,
      href: canManage && firstBrand ? `${base}/brands/${firstBrand.id}#channels` : null,
      hint: "Instagram, Facebook or WhatsApp — or a sandbox channel to try StoryRelay safely.",
    },
    {
      title: "Plan your first story",
      done: steps.story,
      // The brand page's form takes files straight from the computer; the composer needs media
      // already in the library, which a new workspace does not have.
      href: canEdit && brandWithChannel ? `${base}/brands/${brandWithChannel.id}#schedule` : null,
      hint: "Upload a picture or a video, pick the channels and a time, or publish it now.",
    },
  ];
  const next = list.findIndex((step) => !step.done);
  return (
    <section
      aria-labelledby="first-steps"
      data-testid="first-steps"
      className="flex flex-col gap-3 rounded-xl border border-brand-100 bg-white p-4"
    >
      <h2 id="first-steps" className="text-lg font-semibold">
        Get started in three steps
      </h2>
      <ol className="flex flex-col gap-3">
        {list.map((step, index) => (
          <li
            key={step.title}
            data-testid="first-step"
            data-done={step.done}
            aria-current={index === next ? "step" : undefined}
            className="flex items-start gap-3"
          >
            <span
              aria-hidden="true"
              className={`flex size-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${
                step.done
                  ? "bg-green-600 text-white"
                  : index === next
                    ? "bg-brand-600 text-white"
                    : "bg-zinc-200 text-zinc-700"
              }`}
            >
              {step.done ? "✓" : index + 1}
            </span>
            <div className="flex min-w-0 flex-col gap-0.5">
              <p className={`font-medium ${step.done ? "text-zinc-500" : ""}`}>
                {step.done ? (
                  <>
                    {step.title} <span className="text-sm font-normal text-green-800">— done</span>
                  </>
                ) : step.href && index === next ? (
                  <Link href={step.href} className="text-brand-700 underline underline-offset-2">
                    {step.title}
                  </Link>
                ) : (
                  step.title
                )}
              </p>
              {step.done ? null : <p className="text-sm text-zinc-600">{step.hint}</p>}
              {!step.done && index === next && !step.href ? (
                <p className="text-sm text-zinc-600">
                  Ask an owner or admin of this workspace to do this step.
                </p>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
