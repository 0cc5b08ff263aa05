import { Queue } from "bullmq";
import { env } from "@/lib/env";
import { type RedisTarget, redisTargetOf } from "@/lib/redis/topology";
import { bullOptions, type DataExportJob, dataExportJobId, dataExportJobSchema, QUEUES } from "./queues";

export function createDataExportQueue(redis: RedisTarget, prefix?: string): Queue<DataExportJob> {
  return new Queue<DataExportJob>(QUEUES.dataExport, bullOptions(redis, QUEUES.dataExport, prefix));
}

const holder = globalThis as { storyRelayDataExportQueue?: Queue<DataExportJob> };

function defaultDataExportQueue(): Queue<DataExportJob> {
  holder.storyRelayDataExportQueue ??= createDataExportQueue(redisTargetOf(env()));
  return holder.storyRelayDataExportQueue;
}

/**
 * Asks the workers to build a data export. As with imports, the job id is the export's (a second
 * add queues it once), a finished job is removed at once (the sweep may add it again), and the job
 * is only a nudge: the worker reads the DataExport row and claims it.
 */
export async function enqueueDataExport(
  job: DataExportJob,
  queue: Queue<DataExportJob> = defaultDataExportQueue(),
): Promise<void> {
  const data = dataExportJobSchema.parse(job);
  await queue.add("export", data, {
    jobId: dataExportJobId(data),
    removeOnComplete: true,
    removeOnFail: true,
  });
}
