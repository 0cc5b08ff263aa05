import type { Server } from "@tus/server";
import { currentRequestOrigin } from "@/app/_lib/request-origin";
import { currentUser } from "@/app/_lib/session";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { mediaStorage } from "@/lib/media/storage-config";
import { createUploadServer } from "@/lib/media/upload-server";
import { uploadStore } from "@/lib/media/upload-store";
import { enqueueMediaJob } from "@/lib/queue/media-queue";

export const dynamic = "force-dynamic";

const holder = globalThis as { storyRelayUploadServer?: Server };

// Created on first request (not at import) so that building the app needs no configuration.
function server(): Server {
  holder.storyRelayUploadServer ??= (() => {
    const config = env();
    return createUploadServer({
      db: db(),
      storage: mediaStorage(),
      store: uploadStore(config),
      maxBytes: config.MEDIA_MAX_BYTES,
      enqueue: (job) => enqueueMediaJob(job),
      userIdOf: async () => (await currentUser())?.id ?? null,
      originOf: currentRequestOrigin,
      path: "/api/uploads",
    });
  })();
  return holder.storyRelayUploadServer;
}

const handle = (request: Request) => server().handleWeb(request);

// POST /api/uploads – create a resumable upload (tus); the session, workspace and size are checked here
export const POST = handle;
// PATCH /api/uploads/:id – append bytes at Upload-Offset; the last byte ingests the file
export const PATCH = handle;
// HEAD /api/uploads/:id – how much of the upload the server has, to resume from there
export const HEAD = handle;
// DELETE /api/uploads/:id – cancel an unfinished upload
export const DELETE = handle;
// OPTIONS /api/uploads – tus capability discovery
export const OPTIONS = handle;
