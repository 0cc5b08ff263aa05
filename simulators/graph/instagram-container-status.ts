import type { Container } from "../core/entities";
import type { SimState } from "../core/sim-state";

export type ContainerStatusCode = "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";

/**
 * A container's status, derived from the simulated clock on every read (no timers): processing
 * ends `processingMs` after it started, unpublished containers expire after 24 h.
 */
export function containerStatus(
  state: SimState,
  container: Container,
): { code: ContainerStatusCode; text: string } {
  if (container.publishedMediaId) return { code: "PUBLISHED", text: "Published" };
  const now = state.now();
  if (now >= container.createdAt + state.options.containerLifetimeMs) {
    return { code: "EXPIRED", text: "Expired: the container was not published within 24 hours" };
  }
  if (container.pending || now < container.processingFrom + container.processingMs) {
    return { code: "IN_PROGRESS", text: "In Progress" };
  }
  if (container.error) {
    return {
      code: "ERROR",
      text: `Error: Media upload has failed with error code ${container.error.subcode} (${container.error.message})`,
    };
  }
  return { code: "FINISHED", text: "Finished: Media has been uploaded and it is ready to be published." };
}
