import { type FaultInput, isCallFault } from "../core/faults";
import type { SimState } from "../core/sim-state";
import { SimHttpError } from "../http/sim-response";
import { logoutSession } from "../waha/waha-pairing";

/**
 * Arms a call fault, or applies a one-off change at once (expire or revoke a token, move a WAHA
 * session to another state). Returns what was done, for the control API's answer.
 */
export function applyFault(state: SimState, input: FaultInput): { armed: boolean; detail: unknown } {
  if (isCallFault(input)) return { armed: true, detail: state.faults.add(input) };

  if (input.kind === "webhook_bad_signature") {
    return { armed: true, detail: { kind: input.kind, ...state.webhooks.armBadSignature(input) } };
  }

  if (input.kind === "session_state") {
    const session = state.sessions.get(input.accountId);
    if (!session) throw new SimHttpError(404, { error: `no WAHA session ${input.accountId}` });
    session.state = input.state;
    // Waiting for a scan means no phone is linked any more.
    if (input.state === "SCAN_QR_CODE") logoutSession(session);
    return { armed: false, detail: { kind: input.kind, accountId: session.id, state: session.state } };
  }

  if (input.kind === "logout") {
    const session = state.sessions.get(input.accountId);
    if (!session) throw new SimHttpError(404, { error: `no WAHA session ${input.accountId}` });
    logoutSession(session);
    session.state = "FAILED";
    return { armed: false, detail: { kind: input.kind, accountId: session.id, state: session.state } };
  }

  const tokens = [...state.tokens.values()].filter(
    (token) =>
      token.accountId === input.accountId && (input.token === undefined || token.value === input.token),
  );
  if (tokens.length === 0) {
    throw new SimHttpError(404, { error: `no tokens for ${input.platform} account ${input.accountId}` });
  }
  const now = state.now();
  for (const token of tokens) {
    if (input.kind === "expire_token") token.expiresAt = Math.min(token.expiresAt, now);
    else token.revokedSubcode = input.subcode;
  }
  return {
    armed: false,
    detail: { kind: input.kind, accountId: input.accountId, tokens: tokens.map((token) => token.value) },
  };
}
