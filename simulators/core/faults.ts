import { z } from "zod";
import { OPERATIONS } from "./operations";

const platformSchema = z.enum(["instagram", "facebook", "whatsapp"]);

/** Which calls a fault applies to, and how many of them. */
const targetFields = {
  platform: platformSchema,
  accountId: z.string().min(1).optional(),
  operation: z.string().min(1).optional(),
  /** Fire on the next N matching calls, then disappear. */
  count: z.number().int().positive().optional(),
  /** Fire on this share of matching calls, spread evenly (0.5 = every second call), until cleared. */
  fraction: z.number().gt(0).max(1).optional(),
};

/** "before": the call does not take effect. "after": it takes effect, and the answer is lost or replaced. */
const whenField = { when: z.enum(["before", "after"]).default("before") };

export const faultInputSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("error"),
      ...targetFields,
      ...whenField,
      code: z.number().int(),
      subcode: z.number().int().optional(),
      message: z.string().optional(),
      isTransient: z.boolean().optional(),
      status: z.number().int().min(400).max(599).optional(),
    }),
    z.object({
      kind: z.literal("http_status"),
      ...targetFields,
      ...whenField,
      status: z.number().int().min(400).max(599),
      body: z.string().optional(),
    }),
    z.object({
      kind: z.literal("hang"),
      ...targetFields,
      ...whenField,
      hangMs: z.number().int().positive().optional(),
    }),
    z.object({ kind: z.literal("latency"), ...targetFields, latencyMs: z.number().int().positive() }),
    z.object({
      kind: z.literal("container_error"),
      ...targetFields,
      platform: z.literal("instagram"),
      subcode: z.number().int().default(2207001),
      message: z.string().optional(),
    }),
    z.object({
      kind: z.literal("expire_token"),
      platform: platformSchema.exclude(["whatsapp"]),
      accountId: z.string().min(1),
      token: z.string().optional(),
    }),
    z.object({
      kind: z.literal("revoke_token"),
      platform: platformSchema.exclude(["whatsapp"]),
      accountId: z.string().min(1),
      token: z.string().optional(),
      subcode: z.number().int().default(460),
    }),
    z.object({
      kind: z.literal("session_state"),
      platform: z.literal("whatsapp").default("whatsapp"),
      accountId: z.string().min(1),
      state: z.enum(["STOPPED", "STARTING", "SCAN_QR_CODE", "WORKING", "FAILED"]).default("SCAN_QR_CODE"),
    }),
    /**
     * The next `count` webhook deliveries (every one, unless counted) carry a bad signature: Meta's
     * story_insights and messaging deliveries, or (platform whatsapp) WAHA's HMAC.
     */
    z.object({
      kind: z.literal("webhook_bad_signature"),
      platform: platformSchema.default("instagram"),
      accountId: z.string().min(1).optional(),
      count: z.number().int().positive().optional(),
    }),
    /** The phone unlinked the device (or WhatsApp logged it out): the session FAILED and needs a new QR scan. */
    z.object({
      kind: z.literal("logout"),
      platform: z.literal("whatsapp").default("whatsapp"),
      accountId: z.string().min(1),
    }),
  ])
  .superRefine((fault, ctx) => {
    if ("fraction" in fault && fault.count !== undefined && fault.fraction !== undefined) {
      ctx.addIssue({ code: "custom", path: ["fraction"], message: "give count or fraction, not both" });
    }
    if (!("operation" in fault) || fault.operation === undefined) return;
    const known: readonly string[] = OPERATIONS[fault.platform];
    if (!known.includes(fault.operation)) {
      ctx.addIssue({
        code: "custom",
        path: ["operation"],
        message: `unknown ${fault.platform} operation "${fault.operation}"; one of: ${known.join(", ")}`,
      });
    }
  });

export type FaultInput = z.output<typeof faultInputSchema>;
type CallFaultInput = Extract<
  FaultInput,
  { kind: "error" | "http_status" | "hang" | "latency" | "container_error" }
>;
export type CallFault = CallFaultInput & { id: string; matched: number; fired: number };

export function isCallFault(fault: FaultInput): fault is CallFaultInput {
  return (
    fault.kind === "error" ||
    fault.kind === "http_status" ||
    fault.kind === "hang" ||
    fault.kind === "latency" ||
    fault.kind === "container_error"
  );
}

export interface CallKey {
  platform: string;
  operation: string;
  accountId: string | undefined;
}

export interface FaultDecision {
  latencyMs: number;
  before?: CallFault;
  after?: CallFault;
  containerError?: CallFault;
}

/**
 * Holds the armed faults and decides, per call, which of them fire. Deterministic on purpose:
 * a fraction of 0.25 fails exactly calls 4, 8, 12, … so a test can assert exact counts.
 */
export class FaultBook {
  private faults: CallFault[] = [];
  private nextId = 1;

  add(input: CallFaultInput): CallFault {
    const fault: CallFault = { ...input, id: `fault-${this.nextId++}`, matched: 0, fired: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): CallFault[] {
    return [...this.faults];
  }

  clear(): void {
    this.faults = [];
  }

  get size(): number {
    return this.faults.length;
  }

  decide(call: CallKey): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    if (this.faults.length === 0) return decision;
    for (const fault of this.faults) {
      if (!matches(fault, call)) continue;
      const slot =
        fault.kind === "latency"
          ? undefined
          : fault.kind === "container_error"
            ? "containerError"
            : fault.when === "after"
              ? "after"
              : "before";
      // A terminal fault whose slot is taken is not consumed: it waits for the next call.
      if (slot && decision[slot]) continue;
      if (!this.fires(fault)) continue;
      if (fault.kind === "latency") decision.latencyMs += fault.latencyMs;
      else if (slot) decision[slot] = fault;
    }
    this.faults = this.faults.filter((fault) => fault.count === undefined || fault.fired < fault.count);
    return decision;
  }

  private fires(fault: CallFault): boolean {
    fault.matched += 1;
    let fire: boolean;
    if (fault.count !== undefined) fire = fault.fired < fault.count;
    else if (fault.fraction !== undefined) {
      fire = Math.floor(fault.matched * fault.fraction) > Math.floor((fault.matched - 1) * fault.fraction);
    } else fire = true;
    if (fire) fault.fired += 1;
    return fire;
  }
}

function matches(fault: CallFault, call: CallKey): boolean {
  if (fault.platform !== call.platform) return false;
  // A container error is decided when the container is created, whatever operation was named.
  if (fault.kind === "container_error" && call.operation !== "create_container") return false;
  if (fault.operation !== undefined && fault.operation !== call.operation) return false;
  if (fault.accountId !== undefined && fault.accountId !== call.accountId) return false;
  return true;
}
