import { z } from "zod";

// The only module in simulators/ that reads process.env.
const envSchema = z.object({
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(4100),
  SIMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  /** Base URL clients reach the simulator at, when that is not the Host header they send. */
  SIMULATOR_PUBLIC_URL: z.url().optional(),
  /** "false" keeps the usage headers but never throttles (benchmarks that outrun any real budget). */
  SIMULATOR_USAGE_ENFORCE: z
    .enum(["true", "false"])
    .default("true")
    .transform((value) => value === "true"),
  SIMULATOR_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type SimulatorConfig = z.infer<typeof envSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): SimulatorConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid simulator configuration: ${problems}`);
  }
  return result.data;
}
