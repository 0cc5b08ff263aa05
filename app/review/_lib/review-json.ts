import "server-only";
import { problemFor, problemHeaders, problemResponse } from "@/app/api/v1/_lib/problem";
import { isAppError } from "@/lib/errors";
import { createLogger } from "@/lib/logger";

const logger = createLogger("web");

// The token is the link's whole authorisation: it never goes into a log line or an answer.
const INSTANCE = "/review";

/** Runs one JSON request of the review page: the result as JSON, a refusal as a problem (429 with Retry-After). */
export async function reviewJson(
  request: Request,
  work: (body: unknown) => Promise<unknown>,
): Promise<Response> {
  const headers = { "cache-control": "no-store", "referrer-policy": "no-referrer" };
  // JSON only: a form post from another site cannot send it without a CORS preflight we never allow.
  if (!request.headers.get("content-type")?.startsWith("application/json")) {
    return Response.json({ code: "INVALID_INPUT", detail: "Send JSON." }, { status: 415, headers });
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json(
      { code: "INVALID_INPUT", detail: "The request is not valid JSON." },
      { status: 400, headers },
    );
  }
  try {
    return Response.json(await work(body), { headers });
  } catch (error) {
    if (isAppError(error)) {
      return problemResponse(problemFor(error, INSTANCE), { ...headers, ...problemHeaders(error) });
    }
    logger.error({ err: error }, "review link request failed");
    return Response.json(
      { code: "INTERNAL", detail: "Something went wrong on our side. Try again in a minute." },
      { status: 500, headers },
    );
  }
}
