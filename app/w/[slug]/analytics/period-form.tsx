import type { ChosenPeriod } from "./period";

/** Week / month / custom range, as a plain GET form: the page reads it from the URL. */
export function PeriodForm({ chosen, extra = {} }: { chosen: ChosenPeriod; extra?: Record<string, string> }) {
  const options = [
    ["week", "Last 7 days"],
    ["month", "Last 30 days"],
    ["custom", "Custom range"],
  ] as const;
  return (
    <form
      method="get"
      className="flex flex-wrap items-end gap-3 text-sm print:hidden"
      data-testid="period-form"
    >
      {Object.entries(extra).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <fieldset className="flex flex-wrap gap-3">
        <legend className="sr-only">Period</legend>
        {options.map(([value, label]) => (
          <label key={value} className="inline-flex items-center gap-1">
            <input type="radio" name="period" value={value} defaultChecked={chosen.kind === value} />
            {label}
          </label>
        ))}
      </fieldset>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-zinc-600">From</span>
        <input
          type="date"
          name="from"
          defaultValue={chosen.range.from}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1"
        />
      </label>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-zinc-600">To</span>
        <input
          type="date"
          name="to"
          defaultValue={chosen.range.to}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1"
        />
      </label>
      <button
        type="submit"
        className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-medium hover:bg-zinc-50"
      >
        Show
      </button>
      {chosen.problem ? (
        <p className="w-full text-sm text-red-700" role="alert" data-testid="period-problem">
          {chosen.problem} Showing the last 30 days instead.
        </p>
      ) : null}
    </form>
  );
}
