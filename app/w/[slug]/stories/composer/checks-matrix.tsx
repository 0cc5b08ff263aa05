"use client";

import { PLATFORM_LIMITS, type StoryPlatform } from "@/lib/core/platform-limits";
import type { CheckFix, CheckProblem, StoryChecks } from "@/lib/core/story-checks";
import { LEVEL_STYLES } from "./level-styles";

/**
 * The checks as a table, one row per frame and one column per chosen platform, each cell saying
 * what is wrong and how to fix it; "leave it out" fixes are buttons that set the per-channel
 * override. Story-wide findings follow. Updated live; the server runs the same checks.
 */
export function ChecksMatrix({
  checks,
  frameNames,
  onExclude,
  scheduleProblem,
  draftBlocked,
}: {
  checks: StoryChecks;
  frameNames: string[];
  onExclude: (frameIndex: number, platform: StoryPlatform) => void;
  /** Why the chosen time cannot be scheduled (the server's rule); Publish now needs no time. */
  scheduleProblem?: string | null;
  /** Text past its limit: not even a draft can be saved (the server refuses it everywhere). */
  draftBlocked?: boolean;
}) {
  const summary =
    checks.errors === 0 && checks.warnings === 0
      ? scheduleProblem
        ? `All checks pass for publishing now. To schedule: ${scheduleProblem}`
        : "All checks pass."
      : `${plural(checks.errors, "error")}, ${plural(checks.warnings, "warning")}.${checks.errors > 0 ? (draftBlocked ? " Fix the errors to save, schedule or publish." : " Fix the errors to schedule; a draft can be saved as it is.") : " Warnings do not stop scheduling."}`;
  return (
    <section aria-labelledby="checks-heading" className="flex flex-col gap-3" data-testid="checks">
      <h2 id="checks-heading" className="text-lg font-semibold">
        Checks
      </h2>
      <p role="status" className="text-sm" data-testid="checks-summary">
        {summary}
      </p>
      {checks.platforms.length > 0 && checks.rows.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[32rem] border-collapse text-left text-sm">
            <caption className="sr-only">Each frame on each chosen platform</caption>
            <thead>
              <tr>
                <th scope="col" className="p-2">
                  Frame
                </th>
                {checks.platforms.map((p) => (
                  <th key={p} scope="col" className="p-2">
                    {PLATFORM_LIMITS[p].label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {checks.rows.map((row, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows follow the frames' positions
                <tr key={index} className="border-t border-zinc-200 align-top">
                  <th scope="row" className="p-2 font-medium">
                    {index + 1}. <span className="font-normal text-zinc-600">{frameNames[index]}</span>
                  </th>
                  {checks.platforms.map((platform) => {
                    const cell = row[platform];
                    return (
                      <td
                        key={platform}
                        className={`p-2 ${cell.included ? LEVEL_STYLES[cell.level].cell : "bg-zinc-50"}`}
                        data-testid={`check-${index + 1}-${platform}`}
                      >
                        {!cell.included ? (
                          <span className="text-zinc-500">Left out</span>
                        ) : cell.problems.length === 0 ? (
                          <span className="text-green-800">
                            <span aria-hidden="true">{LEVEL_STYLES.ok.symbol} </span>OK
                          </span>
                        ) : (
                          <ul className="flex flex-col gap-2">
                            {cell.problems.map((problem) => (
                              <Problem
                                key={problem.reason}
                                problem={problem}
                                onExclude={() => onExclude(index, platform)}
                              />
                            ))}
                          </ul>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {checks.findings.length > 0 ? (
        <ul className="flex flex-col gap-2" aria-label="About the whole story">
          {checks.findings.map((finding) => (
            <Problem
              key={`${finding.channelId ?? finding.platform ?? ""}${finding.reason}`}
              problem={finding}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Problem({ problem, onExclude }: { problem: CheckProblem; onExclude?: () => void }) {
  const style = LEVEL_STYLES[problem.level];
  const advice = problem.fixes.filter((f) => f.kind !== "exclude");
  const exclude = problem.fixes.find(
    (f): f is Extract<CheckFix, { kind: "exclude" }> => f.kind === "exclude",
  );
  return (
    <li className="flex flex-col items-start gap-1">
      <p>
        <span className={`mr-1 rounded px-1 text-xs font-semibold ${style.badge}`}>
          <span aria-hidden="true">{style.symbol} </span>
          {style.label}
        </span>
        {problem.reason}
        {advice.length > 0 ? (
          <span className="text-zinc-700"> — {advice.map((f) => f.label).join(" Or ")}</span>
        ) : null}
      </p>
      {exclude && onExclude ? (
        <button
          type="button"
          onClick={onExclude}
          className="rounded border border-zinc-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-zinc-50"
        >
          Leave out for {PLATFORM_LIMITS[exclude.platform].label}
        </button>
      ) : null}
    </li>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
