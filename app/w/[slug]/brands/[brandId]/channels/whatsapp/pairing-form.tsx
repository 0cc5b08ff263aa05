"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import { whatsapp } from "@/lib/core/platforms/whatsapp";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

// The descriptor's own words for the risk and its acknowledgement, as on the credential form.
const unofficial = whatsapp.connect.fields.find((field) => field.name === "unofficial");
const acknowledge = whatsapp.connect.fields.find((field) => field.name === "acknowledgeUnofficial");

/** The gateway's address, session name and API key, entered once; the QR code follows. */
export function PairingForm({ action, sandboxGateway }: { action: Action; sandboxGateway: string }) {
  const [state, formAction] = useActionState(action, initialActionState);
  const ackError = state.fields?.acknowledgeUnofficial;
  return (
    <form
      action={formAction}
      className="flex max-w-xl flex-col gap-4"
      aria-label="Connect WhatsApp by QR code"
    >
      {unofficial && "text" in unofficial ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <strong>{"title" in unofficial ? unofficial.title : ""}</strong> {unofficial.text}
        </p>
      ) : null}
      <Field
        label="Gateway URL"
        name="gatewayUrl"
        state={state}
        type="url"
        required
        hint={`The WAHA server's address, e.g. https://waha.example.com. To try it out, the bundled simulator is a gateway too: ${sandboxGateway} with any API key of 8 characters or more.`}
      />
      <Field
        label="Session name"
        name="session"
        state={state}
        defaultValue="default"
        required
        hint="WAHA Core runs one session, named default; WAHA Plus can run several."
      />
      <Field label="API key" name="apiKey" state={state} type="password" autoComplete="off" required />
      <div className="flex flex-col gap-1">
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            name="acknowledgeUnofficial"
            className="mt-1"
            defaultChecked={state.values?.acknowledgeUnofficial === "on"}
            aria-invalid={ackError ? true : undefined}
            aria-describedby={ackError ? "ack-error" : undefined}
          />
          <span>{acknowledge && "label" in acknowledge ? acknowledge.label : null}</span>
        </label>
        {ackError ? (
          <p id="ack-error" className="text-sm text-red-700">
            {ackError}
          </p>
        ) : null}
      </div>
      <FormMessage state={state} />
      <div>
        <SubmitButton pendingLabel="Starting the session…">Show the QR code</SubmitButton>
      </div>
    </form>
  );
}
