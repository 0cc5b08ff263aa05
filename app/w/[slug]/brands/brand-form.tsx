"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import { APPROVAL_POLICIES, APPROVAL_POLICY_LABELS, type ApprovalPolicy } from "@/lib/core/approval-policy";

type Brand = {
  name: string;
  timeZone: string;
  approvalPolicy: ApprovalPolicy;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
};

/** Create or edit a brand. The zone input suggests IANA names as you type; the server validates. */
export function BrandForm({
  action,
  timeZones,
  brand,
  submitLabel,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  timeZones: string[];
  brand?: Brand;
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  const browserZone = typeof Intl === "undefined" ? "UTC" : Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <form action={formAction} className="flex max-w-lg flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field label="Brand name" name="name" required defaultValue={brand?.name} state={state} />
      <Field
        label="Time zone"
        name="timeZone"
        required
        list="iana-time-zones"
        defaultValue={brand?.timeZone ?? browserZone}
        hint="Stories are planned in this zone, e.g. Europe/Berlin or America/New_York."
        state={state}
      />
      <datalist id="iana-time-zones">
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <fieldset className="flex flex-col gap-1" data-testid="approval-policy">
        <legend className="mb-1 text-sm font-medium">Who approves stories before they go out</legend>
        {APPROVAL_POLICIES.map((policy) => (
          <label key={policy} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="approvalPolicy"
              value={policy}
              className="mt-1"
              defaultChecked={(state.values?.approvalPolicy ?? brand?.approvalPolicy ?? "NONE") === policy}
            />
            {APPROVAL_POLICY_LABELS[policy]}
          </label>
        ))}
        {state.fields?.approvalPolicy ? (
          <p className="text-sm text-red-700">{state.fields.approvalPolicy}</p>
        ) : null}
      </fieldset>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium">Quiet hours (optional, brand time)</legend>
        <Field
          label="From"
          name="quietHoursStart"
          type="time"
          defaultValue={brand?.quietHoursStart ?? ""}
          state={state}
        />
        <Field
          label="Until"
          name="quietHoursEnd"
          type="time"
          defaultValue={brand?.quietHoursEnd ?? ""}
          state={state}
        />
      </fieldset>
      <div>
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
