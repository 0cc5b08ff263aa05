import { z } from "zod";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const MIB = 1024 * 1024;

/** A Graph error the caller can choose, for contract points the sources disagree on. */
const graphErrorChoiceSchema = z.object({
  code: z.number().int(),
  subcode: z.number().int().optional(),
  message: z.string(),
});

const ratioRangeSchema = z.object({ min: z.number().positive(), max: z.number().positive() });

// Every number the contract marks (unsure), and every delay a test may want to shrink, lives here
// so nothing about the platforms' behaviour is hard-coded in the handlers.
export const simulatorOptionsSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(4100),
  host: z.string().min(1).default("127.0.0.1"),
  /** Base URL that upload URLs point at; by default derived from the request's Host header. */
  publicUrl: z.url().optional(),
  appId: z.string().default("100000000000001"),
  appSecret: z.string().default("storyrelay-simulator-secret"),
  /** Reject calls without a valid `appsecret_proof` (apps can turn this on in the Meta dashboard). */
  requireAppSecretProof: z.boolean().default(false),
  tokenLifetimeMs: z
    .number()
    .int()
    .positive()
    .default(60 * DAY_MS),
  /** Instagram refuses to refresh a long-lived token younger than this. */
  minTokenAgeForRefreshMs: z.number().int().min(0).default(DAY_MS),
  mediaFetchTimeoutMs: z.number().int().positive().default(10_000),
  /** How long a "hang" fault holds a request before dropping the connection, unless the fault says. */
  defaultHangMs: z.number().int().positive().default(120_000),
  storyLifetimeMs: z.number().int().positive().default(DAY_MS),
  containerLifetimeMs: z.number().int().positive().default(DAY_MS),
  /** Keep published media bytes so the phone page and `media_url` can show them. */
  keepMediaBytes: z.boolean().default(true),
  instagram: z
    .object({
      imageProcessingMs: z.number().int().min(0).default(500),
      videoProcessingMs: z.number().int().min(0).default(8_000),
      /** Documented at 25, 50 and 100 at different times (unsure); accounts may override it. */
      quotaTotal: z.number().int().min(0).default(100),
      quotaDurationMs: z.number().int().positive().default(DAY_MS),
      containersPerWindow: z.number().int().min(0).default(400),
      maxImageBytes: z
        .number()
        .int()
        .positive()
        .default(8 * MIB),
      maxVideoBytes: z
        .number()
        .int()
        .positive()
        .default(100 * 1000 * 1000),
      minVideoSeconds: z.number().min(0).default(3),
      maxVideoSeconds: z.number().positive().default(60),
      maxVideoWidth: z.number().int().positive().default(1920),
      minFps: z.number().min(0).default(23),
      maxFps: z.number().positive().default(60),
      requireFaststart: z.boolean().default(true),
      /** 9:16 is only recommended for stories; set a range to make other aspects fail with 36003. */
      imageAspect: ratioRangeSchema.nullable().default(null),
      rejectStoryCaption: z.boolean().default(true),
      minViewersForInsights: z.number().int().min(0).default(5),
      /**
       * When set, the simpler earlier model instead of the curve below: reach grows by this many
       * viewers per minute, linearly (tests that need a tiny audience set it, e.g. 0.002).
       */
      viewersPerMinute: z.number().min(0).optional(),
      /**
       * How a live story's numbers grow (simulators/graph/instagram-insights.ts): the first
       * frame of a sequence reaches `audience` viewers by the end of its day (each account draws
       * its own size in the range from its id, each sequence ±15 % from its first story's id),
       * along a saturating curve 1 − e^(−t / riseMinutes): fast early growth that flattens.
       * Each later frame keeps `frameRetention` of the viewers of the one before (per account).
       */
      insights: z
        .object({
          audience: ratioRangeSchema.default({ min: 300, max: 3_000 }),
          riseMinutes: z.number().positive().default(240),
          frameRetention: ratioRangeSchema.default({ min: 0.7, max: 0.92 }),
          /** Stories of one account published at most this far apart form one sequence. */
          sequenceGapMs: z.number().int().min(0).default(60_000),
        })
        .prefault({}),
      // The sources do not document these two errors; the defaults are our best reading.
      republishError: graphErrorChoiceSchema.default({
        code: 9,
        subcode: 2207008,
        message: "The media has already been published",
      }),
      containerCapError: graphErrorChoiceSchema.default({
        code: 9,
        subcode: 2207042,
        message: "You reached the maximum number of containers that can be created in 24 hours",
      }),
      errorContainerPublishError: graphErrorChoiceSchema.default({
        code: -1,
        subcode: 2207032,
        message: "Create media has failed",
      }),
    })
    .prefault({}),
  facebook: z
    .object({
      videoProcessingMs: z.number().int().min(0).default(5_000),
      /** 10 MB per current pages; older pages say 4 MB (unsure). */
      maxPhotoBytes: z
        .number()
        .int()
        .positive()
        .default(10 * MIB),
      maxVideoBytes: z
        .number()
        .int()
        .positive()
        .default(4 * 1024 * MIB),
      minVideoSeconds: z.number().min(0).default(3),
      maxVideoSeconds: z.number().positive().default(60),
      minVideoWidth: z.number().int().min(0).default(540),
      minVideoHeight: z.number().int().min(0).default(960),
      videoAspect: ratioRangeSchema.nullable().default({ min: 9 / 16 - 0.01, max: 9 / 16 + 0.01 }),
      minFps: z.number().min(0).default(24),
      maxFps: z.number().positive().default(60),
      videoLifetimeMs: z.number().int().positive().default(DAY_MS),
    })
    .prefault({}),
  whatsapp: z
    .object({
      /** 60 s for current clients, 30 s for older ones (unsure). */
      maxVideoSeconds: z.number().positive().default(60),
      maxVideoBytes: z
        .number()
        .int()
        .positive()
        .default(16 * MIB),
      maxImageBytes: z
        .number()
        .int()
        .positive()
        .default(16 * MIB),
      requireFaststart: z.boolean().default(true),
      /**
       * How long (simulated ms) a started session stays STARTING before it shows a QR code or works.
       * Real WAHA takes a few seconds; 0 skips the phase, so tests opt in.
       */
      sessionStartingMs: z.number().int().min(0).default(0),
      /**
       * Real-time waits before each retry of a WAHA webhook delivery the receiver did not answer
       * with a 2xx. WAHA retries a few times, seconds apart (its exact policy is configurable there).
       */
      webhookRetryDelaysMs: z.array(z.number().int().min(0)).max(10).default([2_000, 2_000, 2_000]),
      /** Deadline of one WAHA webhook attempt. */
      webhookTimeoutMs: z.number().int().positive().default(5_000),
    })
    .prefault({}),
  /** Webhook deliveries to the callback subscribed with POST /_sim/webhooks (simulators/webhooks/). */
  webhooks: z
    .object({
      /**
       * How long after a story expires its story_insights delivery goes out, in simulated time.
       * Meta's reference says about an hour (unsure); 0 delivers as soon as the 24 h have passed.
       */
      storyInsightsDelayMs: z.number().int().min(0).default(0),
      /** Real-time waits before each retry of a delivery the callback did not answer with a 2xx. */
      retryDelaysMs: z.array(z.number().int().min(0)).max(10).default([1_000, 5_000, 15_000]),
      /** Deadline of one delivery attempt and of the verification request. */
      timeoutMs: z.number().int().positive().default(5_000),
      /** How often (real time) expired stories are looked for; a clock advance looks at once. */
      tickMs: z.number().int().positive().default(1_000),
    })
    .prefault({}),
  usage: z
    .object({
      /** Calls per rolling hour that count as 100 % in X-App-Usage. */
      appCallsPerHour: z.number().int().positive().default(1_000_000),
      /** Calls per rolling hour per Page / Instagram account that count as 100 % in X-Business-Use-Case-Usage. */
      accountCallsPerHour: z.number().int().positive().default(100_000),
      /**
       * What an insights read costs in `total_time` / `total_cputime`, in plain calls: Meta counts
       * time and CPU as well as calls, and insights are heavier than a status read, so polling
       * them tightens the usage headers faster than `call_count` alone would.
       */
      insightsCost: z.number().int().min(1).default(3),
      /** Refuse calls once a budget is used up, like Meta does (codes 4, 32/80001, 80002). */
      enforce: z.boolean().default(true),
    })
    .prefault({}),
});

export type SimulatorOptionsInput = z.input<typeof simulatorOptionsSchema>;
export type SimulatorOptions = z.output<typeof simulatorOptionsSchema>;

export const TIME = { HOUR_MS, DAY_MS, MIB } as const;
