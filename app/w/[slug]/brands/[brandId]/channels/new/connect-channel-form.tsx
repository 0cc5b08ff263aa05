"use client";

import { useState } from "react";
import { Field, FormMessage } from "@/app/_components/form";
import type { ActionState } from "@/app/_lib/action-state";
import { useKeptFormAction } from "../../use-kept-form-action";

type Platform = "INSTAGRAM" | "FACEBOOK" | "WHATSAPP";

const PLATFORMS: { value: Platform; label: string }[] = [
  { value: "INSTAGRAM", label: "Instagram" },
  { value: "FACEBOOK", label: "Facebook Page" },
  { value: "WHATSAPP", label: "WhatsApp Status" },
];

function Choice({
  name,
  value,
  selected,
  onChange,
  children,
}: {
  name: string;
  value: string;
  selected: boolean;
  onChange: () => void;
  children: React.ReactNode;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="radio" name={name} value={value} checked={selected} onChange={onChange} className="mt-1" />
      <span>{children}</span>
    </label>
  );
}

/**
 * Connect (or reconnect) one account: the fields change with the platform, and only the chosen
 * platform's fields are sent. The server checks the token with the platform before saving it.
 */
export function ConnectChannelForm({
  action,
  members,
  prefill,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  members: { id: string; name: string }[];
  prefill: { platform?: Platform; accountId?: string };
}) {
  const { state: answer, formAction, pending, onSubmit } = useKeptFormAction(action);
  const values = answer.values ?? {};
  const [platform, setPlatform] = useState<Platform>(
    (values.platform as Platform | undefined) ?? prefill.platform ?? "INSTAGRAM",
  );
  // The last answer was about the platform it was sent for: once another one is chosen, its
  // banner and marks no longer describe the form, so they go (the next submission answers anew).
  const [dismissed, setDismissed] = useState<ActionState | null>(null);
  const state: ActionState = answer === dismissed ? { ok: false, values: answer.values } : answer;
  const choosePlatform = (next: Platform) => {
    if (next !== platform) setDismissed(answer);
    setPlatform(next);
  };
  const [mode, setMode] = useState(values.mode === "handoff" ? "handoff" : "gateway");
  const [host, setHost] = useState(values.host === "facebook" ? "facebook" : "instagram");
  const reconnecting = Boolean(prefill.accountId);
  const fields = state.fields ?? {};

  return (
    <form action={formAction} onSubmit={onSubmit} className="flex max-w-lg flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm font-medium">Platform</legend>
        {PLATFORMS.map((p) => (
          <Choice
            key={p.value}
            name="platform"
            value={p.value}
            selected={platform === p.value}
            onChange={() => choosePlatform(p.value)}
          >
            {p.label}
          </Choice>
        ))}
      </fieldset>

      {platform === "INSTAGRAM" ? (
        <>
          <Field
            label="Instagram account id"
            name="accountId"
            required
            defaultValue={prefill.accountId}
            readOnly={reconnecting}
            hint="The professional account's numeric id (from Meta's Graph API Explorer or your app)."
            state={state}
          />
          <Field
            label="Access token"
            name="accessToken"
            type="password"
            autoComplete="off"
            required
            hint="A long-lived token with instagram_business_content_publish (or instagram_content_publish)."
            state={state}
          />
          <fieldset className="flex flex-col gap-1">
            <legend className="mb-1 text-sm font-medium">The token comes from</legend>
            <Choice
              name="host"
              value="instagram"
              selected={host === "instagram"}
              onChange={() => setHost("instagram")}
            >
              Instagram Login (graph.instagram.com)
            </Choice>
            <Choice
              name="host"
              value="facebook"
              selected={host === "facebook"}
              onChange={() => setHost("facebook")}
            >
              Facebook Login, through the linked Page (graph.facebook.com)
            </Choice>
          </fieldset>
        </>
      ) : null}

      {platform === "FACEBOOK" ? (
        <>
          <Field
            label="Page id"
            name="pageId"
            required
            defaultValue={prefill.accountId}
            readOnly={reconnecting}
            hint="Stories on the Page also show in Messenger."
            state={state}
          />
          <Field
            label="Page access token"
            name="pageAccessToken"
            type="password"
            autoComplete="off"
            required
            hint="A Page token with pages_manage_posts; one made from a long-lived user token does not expire."
            state={state}
          />
        </>
      ) : null}

      {platform === "WHATSAPP" ? (
        <>
          <fieldset className="flex flex-col gap-1">
            <legend className="mb-1 text-sm font-medium">How it posts</legend>
            <Choice
              name="mode"
              value="gateway"
              selected={mode === "gateway"}
              onChange={() => setMode("gateway")}
            >
              Through a WAHA gateway (automatic, unofficial)
            </Choice>
            <Choice
              name="mode"
              value="handoff"
              selected={mode === "handoff"}
              onChange={() => setMode("handoff")}
            >
              Handoff: a team member posts it from their phone
            </Choice>
          </fieldset>
          {mode === "gateway" ? (
            <>
              <div
                role="note"
                className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
              >
                <strong>Unofficial.</strong> WhatsApp has no official API for Status. A linked-device gateway
                such as WAHA acts like a phone, which WhatsApp&apos;s terms do not allow: WhatsApp can ban the
                number. Use a number you can afford to lose.
              </div>
              <Field
                label="Gateway URL"
                name="gatewayUrl"
                type="url"
                required
                hint="The WAHA server's address, e.g. https://waha.example.com"
                state={state}
              />
              <Field
                label="Session name"
                name="session"
                required
                defaultValue={prefill.accountId}
                readOnly={reconnecting}
                state={state}
              />
              <Field
                label="API key"
                name="apiKey"
                type="password"
                autoComplete="off"
                required
                state={state}
              />
              <div className="flex flex-col gap-1">
                <label className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="acknowledgeUnofficial"
                    className="mt-1"
                    aria-invalid={fields.acknowledgeUnofficial ? true : undefined}
                    aria-describedby={
                      fields.acknowledgeUnofficial ? "field-acknowledgeUnofficial-error" : undefined
                    }
                  />
                  <span>
                    I understand that posting WhatsApp Status through a linked-device gateway is unofficial
                    and can get this number banned.
                  </span>
                </label>
                {fields.acknowledgeUnofficial ? (
                  <p id="field-acknowledgeUnofficial-error" className="text-sm text-red-700">
                    {fields.acknowledgeUnofficial}
                  </p>
                ) : null}
              </div>
            </>
          ) : (
            <div className="flex flex-col gap-1">
              <label htmlFor="field-assigneeUserId" className="text-sm font-medium">
                Who posts the status
              </label>
              <select
                id="field-assigneeUserId"
                name="assigneeUserId"
                defaultValue={values.assigneeUserId ?? ""}
                aria-invalid={fields.assigneeUserId ? true : undefined}
                className="rounded-md border border-zinc-300 bg-white px-3 py-2"
              >
                <option value="">Choose a member…</option>
                {members.map((member) => (
                  <option key={member.id} value={member.id}>
                    {member.name}
                  </option>
                ))}
              </select>
              <p className="text-xs text-zinc-500">
                No secret is stored: this person posts the status from their phone.
              </p>
              {fields.assigneeUserId ? <p className="text-sm text-red-700">{fields.assigneeUserId}</p> : null}
            </div>
          )}
        </>
      ) : null}

      <div>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Checking with the platform…" : reconnecting ? "Reconnect" : "Connect"}
        </button>
      </div>
    </form>
  );
}
