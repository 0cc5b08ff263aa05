import type { PlanProblem } from "@/lib/import/csv-format";

/**
 * A plan's problems as a table: row (the header is row 1; 0 is the file as a whole), column,
 * what is wrong and how to fix it. Scrolls sideways on a phone rather than squeezing the words.
 */
export function PlanProblems({ problems, caption }: { problems: PlanProblem[]; caption: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
      <table className="w-full min-w-[36rem] text-left text-sm">
        <caption className="px-3 py-2 text-left font-medium">{caption}</caption>
        <thead className="bg-zinc-50 text-zinc-600">
          <tr>
            <th scope="col" className="px-3 py-2">
              Row
            </th>
            <th scope="col" className="px-3 py-2">
              Column
            </th>
            <th scope="col" className="px-3 py-2">
              What is wrong
            </th>
            <th scope="col" className="px-3 py-2">
              How to fix it
            </th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, index) => (
            <tr
              // Problems have no id; their order in the report is stable.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              key={index}
              className={`border-t border-zinc-100 ${p.severity === "error" ? "bg-red-50/50" : ""}`}
              data-testid="plan-problem"
            >
              <td className="px-3 py-2 align-top">{p.row === 0 ? "file" : p.row}</td>
              <td className="px-3 py-2 align-top font-mono text-xs">{p.column ?? "—"}</td>
              <td className="px-3 py-2 align-top">
                <span className={p.severity === "error" ? "font-medium text-red-800" : "text-amber-800"}>
                  {p.severity === "error" ? "Error: " : "Warning: "}
                </span>
                {p.problem}
              </td>
              <td className="px-3 py-2 align-top text-zinc-700">{p.fix}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
