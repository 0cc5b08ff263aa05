import { MAIN_ID } from "@/app/_components/ui/skip-link";
import { buildOpenApiDocument } from "@/app/api/v1/_lib/openapi";
import { env } from "@/lib/env";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from "@/lib/webhooks/events";

export const metadata = { title: "API reference" };
export const dynamic = "force-dynamic";

type Operation = {
  operationId: string;
  summary: string;
  description: string;
  parameters: { name: string; in: string; required: boolean; description?: string; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

const PROBLEMS = [
  ["invalid-input", "422", "Input failed validation; `errors` lists each field's path and message."],
  ["malformed-json", "400", "The body is not JSON."],
  ["unauthenticated", "401", "The API key is missing, unknown or revoked."],
  ["forbidden", "403", "The key's role does not allow this."],
  ["not-found", "404", "No such resource in the key's workspace."],
  ["conflict", "409", "The resource's state does not allow this, or the Idempotency-Key is in flight."],
  ["rate-limited", "429", "Too many requests; wait Retry-After seconds."],
] as const;

function Schema({ value }: { value: unknown }) {
  return (
    <pre className="max-h-96 overflow-auto rounded-md bg-zinc-100 p-3 text-xs">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** The reference, rendered on the server from the same OpenAPI document the API serves. */
export default function ApiReferencePage() {
  const document = buildOpenApiDocument(env().PUBLIC_BASE_URL);
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({
      path,
      method,
      operation,
    })),
  );
  return (
    <main id={MAIN_ID} tabIndex={-1} className="outline-none mx-auto flex max-w-4xl flex-col gap-8 p-6">
      <header className="flex flex-col gap-2">
        <h1 className="text-3xl font-semibold">StoryRelay API v1</h1>
        <p>
          Base URL <code>{document.servers[0]?.url}</code>. Machine-readable:{" "}
          <a className="text-brand-700 underline" href="/api/v1/openapi.json">
            openapi.json
          </a>{" "}
          (OpenAPI 3.1).
        </p>
      </header>

      <section className="flex flex-col gap-2">
        <h2 className="text-xl font-semibold">Authentication, idempotency, limits</h2>
        <p>
          Send an API key from Settings → API as <code>Authorization: Bearer sr_live_…</code>. A key acts in
          its workspace with its role. Ids of another workspace answer 404, like ids that do not exist.
        </p>
        <p>
          Every POST accepts an <code>Idempotency-Key</code> header: a retry with the same key and body gets
          the first response again (with <code>Idempotent-Replayed: true</code>); the same key with another
          body is refused (422); while the first request runs, a second gets 409. Keys are kept for 24 hours.
        </p>
        <p>
          Each key may make a limited number of requests per minute; beyond that the answer is 429 with{" "}
          <code>Retry-After</code>. <code>RateLimit-Limit</code> and <code>RateLimit-Remaining</code> come
          with each response.
        </p>
      </section>

      <section className="flex flex-col gap-2">
        <h2 className="text-xl font-semibold">Errors</h2>
        <p>
          Errors are <code>application/problem+json</code> (RFC 9457) with <code>type</code>,{" "}
          <code>title</code>, <code>status</code>, <code>detail</code>, <code>code</code> and, for invalid
          input, <code>errors</code>: one entry per field with its dotted path and JSON Pointer.
        </p>
        <ul className="list-disc pl-6">
          {PROBLEMS.map(([slug, status, text]) => (
            <li key={slug} id={`problem-${slug}`}>
              <code>{slug}</code> ({status}): {text}
            </li>
          ))}
        </ul>
      </section>

      <section className="flex flex-col gap-2">
        <h2 className="text-xl font-semibold">Webhooks</h2>
        <p>
          Events:{" "}
          {WEBHOOK_EVENTS.map((name) => `${name} (${WEBHOOK_EVENT_LABELS[name].toLowerCase()})`).join("; ")}.
          Each is a POST with a JSON body <code>{"{ id, type, createdAt, workspaceId, data }"}</code> and the
          headers <code>StoryRelay-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</code>,{" "}
          <code>StoryRelay-Timestamp</code>, <code>StoryRelay-Event</code>, <code>StoryRelay-Event-Id</code>{" "}
          and <code>StoryRelay-Delivery</code>.
        </p>
        <p>
          <code>v1</code> is the hex HMAC-SHA256 of <code>&lt;t&gt;.&lt;raw body&gt;</code> keyed with the
          endpoint&apos;s secret. Recompute it, compare in constant time, and refuse timestamps older than
          five minutes. Answer 2xx quickly; other answers are retried with exponential backoff (up to 8
          attempts) and the event id stays the same, so deduplicate on it.
        </p>
      </section>

      <section className="flex flex-col gap-6">
        <h2 className="text-xl font-semibold">Endpoints</h2>
        {operations.map(({ path, method, operation }) => (
          <article key={operation.operationId} id={operation.operationId} className="flex flex-col gap-2">
            <h3 className="text-lg font-semibold">{operation.summary}</h3>
            <p>
              <code className="font-semibold">{method.toUpperCase()}</code> <code>/api/v1{path}</code> —{" "}
              {operation.description}
            </p>
            {operation.parameters.length > 0 ? (
              <table className="text-left text-sm">
                <thead>
                  <tr className="text-zinc-500">
                    <th className="pr-4">Parameter</th>
                    <th className="pr-4">In</th>
                    <th className="pr-4">Required</th>
                    <th>Schema</th>
                  </tr>
                </thead>
                <tbody>
                  {operation.parameters.map((p) => (
                    <tr key={`${p.in}-${p.name}`} className="border-t border-zinc-200 align-top">
                      <td className="pr-4">
                        <code>{p.name}</code>
                      </td>
                      <td className="pr-4">{p.in}</td>
                      <td className="pr-4">{p.required ? "yes" : "no"}</td>
                      <td>
                        <code className="text-xs">{JSON.stringify(p.schema)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {Object.entries(operation.requestBody?.content ?? {}).map(([type, body]) => (
              <div key={type}>
                <p className="text-sm font-medium">Request body ({type})</p>
                <Schema value={body.schema} />
              </div>
            ))}
            {Object.entries(operation.responses)
              .filter(([status]) => status.startsWith("2"))
              .map(([status, response]) => (
                <div key={status}>
                  <p className="text-sm font-medium">
                    {status}: {response.description}
                  </p>
                  <Schema value={response.content?.["application/json"]?.schema} />
                </div>
              ))}
          </article>
        ))}
      </section>
    </main>
  );
}
