import type { WahaSession } from "../core/entities";
import { SimHttpError } from "../http/sim-response";

export const unauthorized = () => new SimHttpError(401, { message: "Unauthorized", statusCode: 401 });

export const sessionNotFound = (name: string) =>
  new SimHttpError(404, { statusCode: 404, message: `Session "${name}" does not exist`, error: "Not Found" });

export const badRequest = (message: string | string[]) =>
  new SimHttpError(400, { statusCode: 400, message, error: "Bad Request" });

/** What WAHA answers when the linked device is not connected: only WORKING sessions can send. */
export const sessionNotWorking = (session: WahaSession) =>
  new SimHttpError(422, {
    error: "Session status is not as expected",
    session: session.id,
    status: session.state,
    expected: ["WORKING"],
  });
