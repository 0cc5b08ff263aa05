import { join } from "node:path";
import type { FileStore } from "@tus/file-store";
import { Server, type Upload } from "@tus/server";
import type { RequestOrigin } from "@/lib/audit/request-origin";
import type { Db } from "@/lib/db/client";
import { type AppError, isAppError } from "@/lib/errors";
import type { MediaJob } from "@/lib/queue/queues";
import { assertSafeText } from "@/lib/validation";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { formatBytes } from "./format";
import { assertCanUpload, ingestMedia } from "./ingest-media";
import { processingOptionsSchema } from "./processing-options";
import type { MediaStorage } from "./storage";

export type UploadServerDeps = {
  db: Db;
  storage: MediaStorage;
  store: FileStore;
  maxBytes: number;
  enqueue: (job: MediaJob) => Promise<void>;
  /** The signed-in user making the request (the web route reads the Auth.js session). */
  userIdOf: (request: Request) => Promise<string | null>;
  /** Where the request came from, for the upload's audit entry. */
  originOf?: () => Promise<RequestOrigin>;
  /** URL path the server answers under, e.g. /api/uploads. */
  path: string;
  /** Origins allowed to upload cross-origin (none but our own by default). */
  allowedOrigins?: string[];
};

/** What the browser's tus client sends as Upload-Metadata (all strings, as tus requires). */
export type UploadMetadata = {
  workspace: string;
  filename: string;
  brandId?: string;
  fit?: string;
  focalX?: string;
  focalY?: string;
  splitVideo?: string;
};

/** tus hooks refuse with `{ status_code, body }`; the browser shows `body` to the person. */
type TusRefusal = { status_code: number; body: string };

const STATUS: Record<string, number> = {
  INVALID_INPUT: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};

function refusal(error: AppError): TusRefusal {
  return { status_code: STATUS[error.code] ?? 400, body: error.message };
}

function orRefusal(error: unknown): unknown {
  return isAppError(error) ? refusal(error) : error;
}

/** The processing choices from tus metadata (absent keys take the defaults). */
function optionsOf(meta: Record<string, string | null>) {
  return processingOptionsSchema.safeParse({
    fit: meta.fit ?? undefined,
    focalX: meta.focalX ?? undefined,
    focalY: meta.focalY ?? undefined,
    splitVideo: meta.splitVideo ?? undefined,
  });
}

const notSignedIn: TusRefusal = { status_code: 401, body: "Sign in again to upload files." };
const invalidOptions: TusRefusal = { status_code: 422, body: "The processing options are not valid." };

/**
 * The resumable upload endpoint (tus 1.0): the browser creates an upload, sends its bytes in
 * PATCH requests and resumes after a dropped connection from the offset the server reports.
 *
 * - Creation is refused before any byte is stored when the session, workspace, role, brand,
 *   name, options or declared size (Upload-Length, required) are not acceptable; `maxSize`
 *   also stops a PATCH from writing past MEDIA_MAX_BYTES, so nothing over the limit reaches disk.
 * - Only the user who created an upload can resume, inspect or cancel it; anyone else gets 404.
 * - On the last byte the file is sniffed and ingested (a PROCESSING MediaAsset, processing
 *   enqueued) and the partial-upload file is removed whether ingestion succeeded or not. The
 *   response body is `{"id": "<asset id>"}`, or the reason for refusal as plain text.
 * - The client's file name is display-only: the temporary file is named by tus's random id and
 *   the stored file by `newMediaKey`.
 */
export function createUploadServer(deps: UploadServerDeps): Server {
  const server = new Server({
    path: deps.path,
    datastore: deps.store,
    maxSize: deps.maxBytes,
    relativeLocation: true,
    allowedOrigins: deps.allowedOrigins ?? [],
    disableTerminationForFinishedUploads: true,
    async onIncomingRequest(request, uploadId) {
      const userId = await deps.userIdOf(request as unknown as Request);
      if (!userId) throw notSignedIn;
      if (request.method === "POST") return;
      let owner: string | null | undefined;
      try {
        owner = (await deps.store.getUpload(uploadId)).metadata?.userId;
      } catch {
        owner = undefined; // tus answers "not found" itself
      }
      if (owner !== undefined && owner !== userId)
        throw { status_code: 404, body: "The file for this url was not found" } satisfies TusRefusal;
    },
    async onUploadCreate(request, upload) {
      try {
        if (upload.sizeIsDeferred || upload.size === undefined)
          throw {
            status_code: 400,
            body: "The upload must say its size (Upload-Length).",
          } satisfies TusRefusal;
        if (request.headers.get("content-type"))
          throw {
            status_code: 400,
            body: "Send the file's bytes in PATCH requests after creating the upload.",
          } satisfies TusRefusal;
        const meta = upload.metadata ?? {};
        const userId = await deps.userIdOf(request as unknown as Request);
        if (!userId) throw notSignedIn;
        // Before the first lookup: a NUL in the workspace or brand id would fail in Postgres.
        assertSafeText(meta, ["Upload-Metadata"]);
        const ctx = await resolveWorkspaceContext(deps.db, userId, meta.workspace ?? "");
        const options = optionsOf(meta);
        if (!options.success) throw invalidOptions;
        const brandId = meta.brandId || undefined;
        await assertCanUpload(deps, ctx, {
          brandId,
          originalName: meta.filename ?? "",
          sizeBytes: upload.size,
        });
        return {
          metadata: {
            filename: meta.filename ?? "",
            workspace: ctx.workspaceSlug,
            brandId: brandId ?? "",
            fit: options.data.fit,
            focalX: String(options.data.focalX),
            focalY: String(options.data.focalY),
            splitVideo: String(options.data.splitVideo),
            userId,
          },
        };
      } catch (error) {
        throw orRefusal(error);
      }
    },
    async onUploadFinish(request, upload: Upload) {
      try {
        const meta = upload.metadata ?? {};
        const userId = await deps.userIdOf(request as unknown as Request);
        if (!userId) throw notSignedIn;
        const ctx = {
          ...(await resolveWorkspaceContext(deps.db, userId, meta.workspace ?? "")),
          origin: (await deps.originOf?.()) ?? null,
        };
        const options = optionsOf(meta);
        if (!options.success) throw invalidOptions;
        const asset = await ingestMedia(deps, ctx, {
          source: { path: join(deps.store.directory, upload.id), sizeBytes: upload.offset },
          originalName: meta.filename ?? "",
          brandId: meta.brandId || undefined,
          options: options.data,
        });
        return {
          status_code: 200,
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ id: asset.id }),
        };
      } catch (error) {
        throw orRefusal(error);
      } finally {
        await deps.store.remove(upload.id).catch(() => {
          // Already gone; the workers' expiry cleanup covers anything else.
        });
      }
    },
    onResponseError(_request, error) {
      if ("status_code" in error && error.status_code === 413)
        return {
          status_code: 413,
          body: `This file is larger than the upload limit: files can be at most ${formatBytes(deps.maxBytes)}.`,
        };
      return undefined;
    },
  });
  return server;
}
