import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/**
 * What a page reads, or the 404 page when the use case says NOT_FOUND: another workspace's id and
 * an id that never existed look the same. Any other error is the page's error.
 */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  }
}
