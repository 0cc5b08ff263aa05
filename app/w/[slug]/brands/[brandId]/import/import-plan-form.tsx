"use client";

import { useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { FormMessage } from "@/app/_components/form";
import type { ActionState } from "@/app/_lib/action-state";
import { initialActionState } from "@/app/_lib/action-state";
import type { PlanProblem } from "@/lib/import/csv-format";
import { PlanProblems } from "./plan-problems";

type PlanAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;
type Report = { rows: number; stories: number; problems: PlanProblem[] };

const reportOf = (state: ActionState): Report | null =>
  state.data?.report ? (JSON.parse(state.data.report) as Report) : null;

/**
 * Upload → dry run report → "Import N stories". The chosen file is kept in state and sent with
 * each step (a form action would reset the file field after the check), and choosing another
 * file clears the report, so the import always runs on the file that was checked.
 */
export function ImportPlanForm(props: { dryRun: PlanAction; start: PlanAction; progressBase: string }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [checked, check, checking] = useActionState(props.dryRun, initialActionState);
  const [started, start, starting] = useActionState(async (prev: ActionState, formData: FormData) => {
    const result = await props.start(prev, formData);
    if (result.ok && result.data?.importId) router.push(`${props.progressBase}/${result.data.importId}`);
    return result;
  }, initialActionState);
  const [, startTransition] = useTransition();
  const [checkedFile, setCheckedFile] = useState<File | null>(null);
  const send = (action: (formData: FormData) => void) => {
    const formData = new FormData();
    if (file) formData.set("file", file);
    startTransition(() => action(formData));
  };
  const report = reportOf(started.data?.report ? started : checked);
  const ready = checked.ok && checkedFile === file && file !== null && (report?.stories ?? 0) > 0;
  return (
    <div className="flex flex-col gap-4">
      <form
        className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4"
        onSubmit={(event) => {
          event.preventDefault();
          setCheckedFile(file);
          send(check);
        }}
      >
        <label className="flex flex-col gap-1 text-sm font-medium">
          Plan CSV (UTF-8)
          <input
            type="file"
            name="file"
            accept=".csv,text/csv"
            className="text-sm font-normal"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </label>
        {checked.fields?.file ? <p className="text-sm text-red-800">{checked.fields.file}</p> : null}
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={checking}
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50 disabled:opacity-60"
          >
            {checking ? "Checking…" : "Check the file"}
          </button>
          {ready ? (
            <button
              type="button"
              disabled={starting}
              onClick={() => send(start)}
              className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
            >
              {starting
                ? "Starting the import…"
                : `Import ${report?.stories} ${report?.stories === 1 ? "story" : "stories"}`}
            </button>
          ) : null}
        </div>
        <FormMessage state={checked} />
        {started.message ? <FormMessage state={started} /> : null}
      </form>
      {report ? (
        <PlanProblems
          problems={report.problems}
          caption={`${report.rows} ${report.rows === 1 ? "row" : "rows"} read: ${report.problems.filter((p) => p.severity === "error").length} errors, ${report.problems.filter((p) => p.severity === "warning").length} warnings`}
        />
      ) : null}
    </div>
  );
}
