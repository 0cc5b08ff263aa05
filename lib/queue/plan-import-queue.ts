import { Queue } from "bullmq";
import { env } from "@/lib/env";
import { type RedisTarget, redisTargetOf } from "@/lib/redis/topology";
import { bullOptions, type PlanImportJob, planImportJobId, planImportJobSchema, QUEUES } from "./queues";

export function createPlanImportQueue(redis: RedisTarget, prefix?: string): Queue<PlanImportJob> {
  return new Queue<PlanImportJob>(QUEUES.planImport, bullOptions(redis, QUEUES.planImport, prefix));
}

const holder = globalThis as { storyRelayPlanImportQueue?: Queue<PlanImportJob> };

function defaultPlanImportQueue(): Queue<PlanImportJob> {
  holder.storyRelayPlanImportQueue ??= createPlanImportQueue(redisTargetOf(env()));
  return holder.storyRelayPlanImportQueue;
}

/**
 * Asks the workers to run an import. The job id is the import's, so a second add (the import sweep
 * after a lost one) queues it once; a finished job is removed at once, so the sweep can add it
 * again should the import still be unfinished. The job itself is only a nudge: the worker reads
 * the ImportJob row and does nothing when another worker has it or it is done.
 */
export async function enqueuePlanImport(
  job: PlanImportJob,
  queue: Queue<PlanImportJob> = defaultPlanImportQueue(),
): Promise<void> {
  const data = planImportJobSchema.parse(job);
  await queue.add("import", data, {
    jobId: planImportJobId(data),
    removeOnComplete: true,
    removeOnFail: true,
  });
}
