import { LocalTime } from "@/app/_components/local-time";
import type { BestTimes } from "@/lib/analytics/get-best-times";
import { BEST_TIME_MIN_PER_CELL, BEST_TIME_MIN_STORIES, WEEKDAY_LABELS } from "@/lib/core/best-time";
import { formatCount } from "./analytics-ui";

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/**
 * The weekday × hour grid in the brand's zone: each cell shaded by its median reach, with its
 * number of stories written in it, the recommended cells outlined. Below the minimum it says how
 * many more stories it needs instead of recommending.
 */
export function BestTimeHeatmap({ times }: { times: BestTimes }) {
  const best = new Set(times.best.map((c) => c.weekday * 24 + c.hour));
  // Shades are relative to the best cell with enough stories, when there is one.
  const shadeMax =
    Math.max(
      0,
      ...times.cells.filter((c) => c.samples >= BEST_TIME_MIN_PER_CELL).map((c) => c.median ?? 0),
    ) || times.max;
  return (
    <section
      aria-labelledby="best-time-heading"
      className="flex flex-col gap-3"
      id="best-time"
      data-testid="best-time"
    >
      <h2 id="best-time-heading" className="text-lg font-semibold">
        Best time to post
      </h2>
      <p className="text-sm text-zinc-600">
        From {times.brand.name}&apos;s own stories of the last year, by when they went out in{" "}
        {times.brand.timeZone}. Each cell is the median reach of the stories posted in that hour, darker for
        more; the number in it is how many stories there were. Cells of fewer than {BEST_TIME_MIN_PER_CELL}{" "}
        stories are drawn faint: too few to judge.
      </p>
      {times.ready ? (
        <div
          className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900"
          data-testid="best-time-advice"
        >
          <p className="font-medium">Best hours so far:</p>
          <ol className="list-decimal pl-5">
            {times.best.map((cell) => (
              <li key={`${cell.weekday}-${cell.hour}`}>
                {WEEKDAY_LABELS[cell.weekday]} {hourLabel(cell.hour)}: median reach {formatCount(cell.median)}{" "}
                over {cell.samples} stories
              </li>
            ))}
          </ol>
          {times.upcoming.length > 0 ? (
            <p className="mt-1">
              Next:{" "}
              {times.upcoming.map((slot, i) => (
                <span key={slot.local}>
                  {i > 0 ? ", " : ""}
                  <LocalTime
                    instant={slot.instant.toISOString()}
                    zone={times.brand.timeZone}
                    style="weekday-time"
                  />
                </span>
              ))}
            </p>
          ) : null}
        </div>
      ) : (
        <p
          className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="best-time-advice"
        >
          {times.moreNeeded > 0
            ? `Not enough history to recommend a time yet: ${times.total} ${times.total === 1 ? "story" : "stories"} with numbers so far, ${times.moreNeeded} more needed (at least ${BEST_TIME_MIN_STORIES}, and ${BEST_TIME_MIN_PER_CELL} in the same hour).`
            : `${times.total} stories so far, but no hour has ${BEST_TIME_MIN_PER_CELL} of them yet: post at the same hours a few times to compare them.`}
        </p>
      )}
      {/* relative: the header's screen-reader-only hour labels are positioned, and would otherwise
          widen the whole page on a phone instead of scrolling with the grid. */}
      <div className="relative overflow-x-auto">
        <table className="min-w-[640px] border-separate border-spacing-0.5 text-[10px]" data-testid="heatmap">
          <caption className="sr-only">
            Median reach by weekday and hour in {times.brand.timeZone}, with the number of stories per cell
          </caption>
          <thead>
            <tr>
              <th scope="col" className="w-8" />
              {HOURS.map((hour) => (
                <th key={hour} scope="col" className="font-normal text-zinc-500">
                  {hour % 3 === 0 ? String(hour).padStart(2, "0") : <span className="sr-only">{hour}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAY_LABELS.map((day, weekday) => (
              <tr key={day}>
                <th scope="row" className="pr-1 text-left font-medium text-zinc-600">
                  {day}
                </th>
                {HOURS.map((hour) => {
                  const cell = times.cells[weekday * 24 + hour];
                  // A cell of fewer stories than the minimum proves nothing yet: drawn faint,
                  // so one lucky story does not look like the best hour.
                  const enough = (cell?.samples ?? 0) >= BEST_TIME_MIN_PER_CELL;
                  const scale = enough ? 1 : 0.25;
                  const share =
                    cell?.median && shadeMax > 0 ? Math.min(1, cell.median / shadeMax) * scale : 0;
                  const title =
                    cell && cell.samples > 0
                      ? `${day} ${hourLabel(hour)}: ${cell.samples} ${cell.samples === 1 ? "story" : "stories"}, median reach ${formatCount(cell.median)}`
                      : `${day} ${hourLabel(hour)}: no stories`;
                  return (
                    <td
                      key={hour}
                      title={title}
                      aria-label={title}
                      data-samples={cell?.samples ?? 0}
                      className={`h-6 min-w-5 rounded-sm text-center tabular-nums ${best.has(weekday * 24 + hour) ? "outline-2 outline-green-700" : ""} ${share > 0.6 ? "text-white" : "text-zinc-700"}`}
                      style={{
                        backgroundColor:
                          cell && cell.samples > 0
                            ? `rgba(109, 40, 217, ${(0.12 + share * 0.88).toFixed(2)})`
                            : "#f4f4f5",
                      }}
                    >
                      {cell && cell.samples > 0 ? cell.samples : ""}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
