"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

type Brand = {
  name: string;
  timeZone: string;
  approvalRequired: boolean;
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
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="approvalRequired"
          defaultChecked={state.values ? state.values.approvalRequired === "on" : brand?.approvalRequired}
        />
        Stories need approval before they are scheduled
      </label>
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
