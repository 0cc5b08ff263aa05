import { notFound } from "next/navigation";
import { CopyField } from "@/app/_components/copy-field";
import Link from "@/app/_components/ui/link";
import { webDeps } from "@/app/_lib/deps";
import { requireAgencyWorkspace } from "@/app/_lib/workspace";
import { can } from "@/lib/core/roles";
import { SETUP_STATUS_LABELS, type SetupCheck } from "@/lib/core/setup-check";
import { runSetupChecks } from "@/lib/setup/run-setup-checks";

export const metadata = { title: "Setup" };

const BADGE: Record<SetupCheck["status"], string> = {
  pass: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  warn: "bg-amber-50 text-amber-900 ring-amber-200",
  fail: "bg-red-50 text-red-800 ring-red-200",
  skip: "bg-zinc-100 text-zinc-700 ring-zinc-200",
};

// Settings → Setup: the setup doctor for owners (the same checks as `npm run cli -- doctor`).
export default async function SetupPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requireAgencyWorkspace((await params).slug);
  // Others are told nothing, not even that the page exists: it names the installation's app and hosts.
  if (!can(ctx.role, "setup:view")) notFound();
  const deps = webDeps();
  const checks = await runSetupChecks({ db: deps.db, box: deps.box, config: deps.env, now: new Date() }, ctx);
  const problems = checks.filter((check) => check.status === "fail").length;
  const warnings = checks.filter((check) => check.status === "warn").length;

  return (
    <section className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">Setup</h1>
        <p className="text-sm text-zinc-600">
          What this installation needs to connect real accounts and publish to them, checked now. Operators
          get the same from <code className="whitespace-nowrap">npm run cli -- doctor</code>.
        </p>
        <p className="text-sm font-medium" data-testid="setup-summary">
          {problems === 0 && warnings === 0
            ? "Everything checked is in order."
            : `${problems} ${problems === 1 ? "problem" : "problems"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}.`}{" "}
          <Link className="text-brand-700 underline" href={`/w/${ctx.workspaceSlug}/settings/setup`}>
            Check again
          </Link>
        </p>
      </div>
      <ul className="flex flex-col gap-3">
        {checks.map((check) => (
          <li
            key={check.id}
            className="flex flex-col gap-2 rounded-md border border-zinc-200 bg-white p-4"
            data-testid="setup-check"
            data-status={check.status}
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className={`rounded px-2 py-0.5 text-xs font-semibold ring-1 ${BADGE[check.status]}`}>
                {SETUP_STATUS_LABELS[check.status]}
              </span>
              <h2 className="font-semibold">{check.title}</h2>
            </div>
            <p className="text-sm text-zinc-700 break-words">{check.detail}</p>
            {check.copy?.map((item) => (
              <CopyField key={item.value} label={item.label} value={item.value} copyLabel={item.copyLabel} />
            ))}
            {check.fix ? (
              <p className="text-sm text-zinc-700 break-words">
                <span className="font-medium">What to do: </span>
                {check.fix}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
