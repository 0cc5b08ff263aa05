import { resolve } from "node:path";
import { z } from "zod";
import { DEFAULT_SCHEDULE_HORIZON_DAYS, MAX_SCHEDULE_HORIZON_DAYS } from "@/lib/core/time-bounds";

/**
 * The only module that reads process.env (style.md). Everything else receives configuration
 * from here, so a misconfiguration fails at boot with one clear message instead of deep inside
 * a request. `.env.example` documents each variable.
 */

const booleanString = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const urlWithProtocol = (protocols: string[]) =>
  z.url().refine((value) => protocols.some((p) => value.startsWith(`${p}:`)), {
    message: `must start with ${protocols.map((p) => `${p}://`).join(" or ")}`,
  });

/** `host:port,host:port`: the seed nodes of a Redis Cluster or the Sentinels of a Sentinel set. */
const hostPortList = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value === undefined) return undefined;
    const nodes: { host: string; port: number }[] = [];
    for (const entry of value
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean)) {
      const match = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(entry);
      const port = Number(match?.[2]);
      if (!match?.[1] || port < 1 || port > 65_535) {
        context.addIssue({ code: "custom", message: `"${entry}" is not host:port` });
        return z.NEVER;
      }
      nodes.push({ host: match[1].replace(/^\[|\]$/g, ""), port });
    }
    if (nodes.length === 0) {
      context.addIssue({ code: "custom", message: "names no host:port" });
      return z.NEVER;
    }
    return nodes;
  });

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: urlWithProtocol(["postgres", "postgresql"]),
    REDIS_URL: urlWithProtocol(["redis", "rediss"]),
    /**
     * A Redis Cluster's seed nodes (`host:port,…`) instead of the single server of REDIS_URL,
     * whose user, password and rediss: still apply (docs/decisions/038-redis-topologies.md).
     */
    REDIS_CLUSTER_NODES: hostPortList,
    /** Sentinels (`host:port,…`) watching the master named REDIS_SENTINEL_NAME; REDIS_URL gives credentials and database. */
    REDIS_SENTINELS: hostPortList,
    REDIS_SENTINEL_NAME: z.string().min(1).optional(),
    /**
     * Publish queues the targets are spread over (a target's queue follows from its id), so a
     * Redis Cluster shares the publish load across its masters. Workers consume all of them.
     * Default: 4 on a Redis Cluster, 1 otherwise (one server gains nothing from more queues, and
     * each costs every worker a blocking connection and its polling).
     */
    PUBLISH_QUEUE_SHARDS: z.coerce.number().int().min(1).max(64).optional(),
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    /** Where browsers and the platforms reach this installation; media URLs are built on it. */
    PUBLIC_BASE_URL: urlWithProtocol(["http", "https"]).optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)"),
    /** 32 bytes, base64: the AES-256-GCM key for channel credentials and webhook secrets. */
    ENCRYPTION_KEY: z.string().refine((value) => Buffer.from(value, "base64").length === 32, {
      message: "must be 32 random bytes, base64-encoded (e.g. `openssl rand -base64 32`)",
    }),
    /** Stored with every ciphertext so keys can be rotated. */
    ENCRYPTION_KEY_ID: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/, "lowercase letters, digits and dashes")
      .default("k1"),
    /**
     * Keys that still open secrets sealed before a rotation but never seal new ones:
     * `id:base64key`, comma-separated (docs/decisions/031-account-security.md, `keys:rotate`).
     */
    ENCRYPTION_PREVIOUS_KEYS: z
      .string()
      .optional()
      .transform((value, context) => {
        const keys: Record<string, string> = {};
        for (const entry of (value ?? "")
          .split(",")
          .map((e) => e.trim())
          .filter(Boolean)) {
          const [id, key] = [entry.slice(0, entry.indexOf(":")), entry.slice(entry.indexOf(":") + 1)];
          if (!/^[a-z0-9-]{1,32}$/.test(id) || Buffer.from(key, "base64").length !== 32) {
            context.addIssue({
              code: "custom",
              message:
                "each entry must be id:key, the id in lowercase letters, digits and dashes, the key 32 bytes in base64",
            });
            return z.NEVER;
          }
          keys[id] = key;
        }
        return keys;
      }),
    SMTP_URL: urlWithProtocol(["smtp", "smtps"]).optional(),
    MAIL_FROM: z.string().min(3).default("StoryRelay <no-reply@storyrelay.local>"),
    /** The hour (UTC, 0–23) at which members who chose a daily digest get it. */
    DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(7),
    /** The bundled platform simulators that sandbox channels publish to. */
    SIMULATOR_URL: urlWithProtocol(["http", "https"]).default("http://127.0.0.1:4100"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    INVITE_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(72),
    /** Failed sign-ins allowed per e-mail address (and, times five, per IP) within 15 minutes. */
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
    /**
     * Set when a reverse proxy you run sets X-Forwarded-For: only then is its first hop kept as
     * the client's IP in the audit trail. Without a proxy any client could write that header.
     */
    TRUST_PROXY: booleanString,
    STORYRELAY_LOCAL_SERVICES: booleanString,
    /** Root of the local media store; relative paths are resolved from the process's working directory. */
    MEDIA_DIR: z
      .string()
      .default(".data/media")
      .transform((dir) => resolve(dir)),
    /**
     * Largest upload accepted, in bytes (100 MiB by default). The media library's resumable
     * uploads refuse a larger file before any byte is stored; uploads through a server action or
     * the REST API are held in memory while checked, so keep this modest when those are used.
     */
    MEDIA_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(100 * 1024 * 1024),
    /** Where media bytes live: `local` (MEDIA_DIR) or `s3` (an S3-compatible bucket, the S3_* variables). */
    MEDIA_STORAGE: z.enum(["local", "s3"]).default("local"),
    S3_BUCKET: z.string().min(1).optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    /** For S3-compatible services (MinIO, R2, …); unset means AWS. */
    S3_ENDPOINT: urlWithProtocol(["http", "https"]).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Address the bucket as https://host/bucket (most self-hosted services) rather than https://bucket.host. */
    S3_FORCE_PATH_STYLE: booleanString,
    /** ffmpeg/ffprobe to run; by default the static builds shipped in npm packages. */
    FFMPEG_PATH: z.string().min(1).optional(),
    FFPROBE_PATH: z.string().min(1).optional(),
    /**
     * Whole-download deadline of a media import by URL (headers and every byte, redirects included).
     * A source slower than this is refused, so a trickling server cannot hold a request for minutes.
     */
    MEDIA_IMPORT_DEADLINE_MS: z.coerce.number().int().min(1_000).max(300_000).default(30_000),
    /** Media files one worker process processes at once (each encode uses all cores it can get). */
    WORKER_MEDIA_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(1),
    /** Hours an unfinished resumable upload may be resumed before its partial file is removed. */
    MEDIA_UPLOAD_EXPIRY_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .default(24),
    /**
     * Signs the media URLs handed to the platforms. Optional: when unset, a key derived from
     * AUTH_SECRET is used (see lib/media/signed-url.ts); set it to verify URLs elsewhere (a CDN)
     * without sharing AUTH_SECRET, or to revoke every media URL without signing everyone out.
     */
    MEDIA_SIGNING_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)")
      .optional(),
    /** How long a signed media URL stays valid; the platforms fetch within minutes, retries within hours. */
    MEDIA_URL_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(86_400),
    /** Graph API version in every Meta path (v26.0 is current; pin what you have tested). */
    GRAPH_API_VERSION: z
      .string()
      .regex(/^v\d+\.\d+$/, 'like "v25.0"')
      .default("v25.0"),
    /** Meta's hosts for real channels; sandbox channels always use SIMULATOR_URL. */
    META_GRAPH_URL: urlWithProtocol(["https", "http"]).default("https://graph.facebook.com"),
    INSTAGRAM_GRAPH_URL: urlWithProtocol(["https", "http"]).default("https://graph.instagram.com"),
    /**
     * Same as GRAPH_API_VERSION, under the name the Meta settings share; when both are set, this
     * one wins. The setup doctor warns ahead of the version's end of life.
     */
    META_GRAPH_VERSION: z
      .string()
      .regex(/^v\d+\.\d+$/, 'like "v25.0"')
      .optional(),
    /**
     * The Meta app (Facebook Login for Business): its secret adds appsecret_proof to every Graph
     * call. Unset, "Continue with Facebook" runs against the simulators and says it is a sandbox.
     */
    META_APP_ID: z.string().optional(),
    META_APP_SECRET: z.string().optional(),
    /** A Facebook Login for Business configuration; when set, the dialog asks for it instead of scopes. */
    META_LOGIN_CONFIG_ID: z.string().optional(),
    /** The Instagram app (Instagram API with Instagram Login); unset, "Continue with Instagram" is a sandbox. */
    INSTAGRAM_APP_ID: z.string().optional(),
    INSTAGRAM_APP_SECRET: z.string().optional(),
    /**
     * The Verify Token typed into the Meta app's Webhooks settings: Meta's verification request
     * (`GET /api/webhooks/meta?hub.mode=subscribe&hub.verify_token=…`) must carry it before the
     * callback is accepted. Unset, every verification is refused. Deliveries are checked with the
     * app secrets above, not with this.
     */
    META_WEBHOOK_VERIFY_TOKEN: z.string().min(8, "must be at least 8 characters").optional(),
    /** Where Meta's OAuth dialogs live (www.facebook.com/{version}/dialog/oauth; instagram.com/oauth/authorize). */
    META_DIALOG_URL: urlWithProtocol(["https", "http"]).default("https://www.facebook.com"),
    INSTAGRAM_OAUTH_URL: urlWithProtocol(["https", "http"]).default("https://www.instagram.com"),
    /** Instagram Login's code exchange host (api.instagram.com/oauth/access_token). */
    INSTAGRAM_API_URL: urlWithProtocol(["https", "http"]).default("https://api.instagram.com"),
    /** Deadline of each platform call; a timeout counts as a retryable error with unknown outcome. */
    PUBLISH_HTTP_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(20_000),
    /** Platform calls one channel may make per minute, across all workers. */
    CHANNEL_CALLS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(120),
    /** Publish jobs one worker process runs at once (they mostly wait on the network). */
    WORKER_PUBLISH_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(100),
    /**
     * How far ahead a story may be scheduled, in days (a year by default). Times beyond it are
     * refused with the limit named; see lib/core/time-bounds.ts for every bound on times.
     */
    SCHEDULE_HORIZON_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_SCHEDULE_HORIZON_DAYS)
      .default(DEFAULT_SCHEDULE_HORIZON_DAYS),
    /**
     * How long a worker's claim on a target lasts unless renewed (a running publish renews it every
     * third of it); after a crash the target is free again after it. Keep it short.
     */
    PUBLISH_LEASE_MS: z.coerce.number().int().min(4_000).max(600_000).default(6_000),
    /**
     * Lets media imports by URL and webhook endpoints reach private, loopback and link-local
     * addresses. Off by default (they could reach internal services); the sandbox and tests turn it on.
     */
    ALLOW_PRIVATE_URLS: booleanString,
    /**
     * Deadline of one webhook delivery attempt, from connecting to the endpoint's last byte. Kept
     * below the 60 s a worker holds a delivery, so a slow endpoint is never sent the same attempt twice.
     */
    WEBHOOK_DEADLINE_MS: z.coerce.number().int().min(1_000).max(50_000).default(15_000),
    /** Requests one API key may make per minute (shared by every web process through Redis). */
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
    /**
     * Retention of what grows with use (docs/decisions/040-data-growth.md): days a finished
     * target's publish attempts are kept (its last attempt stays as long as the story).
     */
    RETENTION_ATTEMPT_DAYS: z.coerce.number().int().min(7).max(3650).default(90),
    /** Days delivered webhook deliveries and chat posts are kept (their endpoint's log). */
    RETENTION_DELIVERED_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** Days failed ones are kept: longer, as they are what an integrator comes to investigate. */
    RETENTION_FAILED_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /**
     * Days notices are kept, read ones and unread ones. At least 7: the mail sweep looks back a
     * day, so a notice is never deleted before it could be mailed.
     */
    RETENTION_READ_NOTICE_DAYS: z.coerce.number().int().min(7).max(3650).default(90),
    RETENTION_UNREAD_NOTICE_DAYS: z.coerce.number().int().min(7).max(3650).default(365),
    /** Postgres connections per process. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    /** Seconds an idle connection stays in the pool: long enough to last from one burst to the next. */
    DATABASE_POOL_IDLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    /**
     * The publish path's statements are prepared once per connection and reused (lib/db/client.ts):
     * planning them every time was about half of Postgres' work per publish. Set `false` behind a
     * transaction pooler that cannot keep prepared statements (PgBouncer before 1.21, or without
     * `max_prepared_statements`).
     */
    DATABASE_PREPARED_STATEMENTS: z
      .enum(["true", "false", "1", "0"])
      .default("true")
      .transform((value) => value === "true" || value === "1"),
    /**
     * Bearer token for the web's `/metrics` (Prometheus). Unset: the endpoint answers 404, so
     * nothing about the installation is exposed by accident (docs/decisions/036-observability.md).
     */
    METRICS_TOKEN: z
      .string()
      .min(16, "must be at least 16 characters (e.g. `openssl rand -hex 24`)")
      .optional(),
    /** A worker process's own port for /metrics, health and the queue dashboard; unset: no server. */
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    /** Address that port binds to: loopback unless a scraper on another host needs it. */
    WORKER_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
    /** Opens the queue dashboard (instance operators, not workspace owners): bearer or basic-auth password. */
    OPERATOR_TOKEN: z
      .string()
      .min(16, "must be at least 16 characters (e.g. `openssl rand -hex 24`)")
      .optional(),
    /** OTLP/HTTP collector (e.g. http://otel-collector:4318): tracing is on only when set. */
    OTEL_EXPORTER_OTLP_ENDPOINT: urlWithProtocol(["http", "https"]).optional(),
    OTEL_SERVICE_NAME: z.string().min(1).optional(),
  })
  .superRefine((env, context) => {
    if (env.REDIS_CLUSTER_NODES && env.REDIS_SENTINELS)
      context.addIssue({
        code: "custom",
        path: ["REDIS_CLUSTER_NODES"],
        message: "and REDIS_SENTINELS cannot both be set: a Redis Cluster or a Sentinel set, not both",
      });
    if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME)
      context.addIssue({
        code: "custom",
        path: ["REDIS_SENTINEL_NAME"],
        message: "is required with REDIS_SENTINELS (the master name the Sentinels monitor)",
      });
    if (env.REDIS_SENTINEL_NAME && !env.REDIS_SENTINELS)
      context.addIssue({
        code: "custom",
        path: ["REDIS_SENTINELS"],
        message: "is required with REDIS_SENTINEL_NAME (host:port of the Sentinels)",
      });
    if (env.MEDIA_STORAGE !== "s3") return;
    for (const name of ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
      if (!env[name])
        context.addIssue({ code: "custom", path: [name], message: "is required when MEDIA_STORAGE=s3" });
    }
  })
  .transform((env) => ({
    ...env,
    PUBLIC_BASE_URL: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    GRAPH_API_VERSION: env.META_GRAPH_VERSION ?? env.GRAPH_API_VERSION,
    PUBLISH_QUEUE_SHARDS: env.PUBLISH_QUEUE_SHARDS ?? (env.REDIS_CLUSTER_NODES ? 4 : 1),
  }));

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join("\n")}\nSee .env.example.`);
    this.name = "EnvError";
  }
}

/** Parses a given environment; pure, so tests can feed it anything. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".");
        return issue.code === "invalid_type" && cleaned[name] === undefined
          ? `${name} is required`
          : `${name} ${issue.message}`;
      }),
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The process's configuration, parsed once on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
