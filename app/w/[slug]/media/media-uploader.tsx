"use client";

import { useRouter } from "next/navigation";
import { type DragEvent, useId, useRef, useState } from "react";
import { Upload } from "tus-js-client";

type Brand = { id: string; name: string };

type FileProgress = {
  key: string;
  name: string;
  sent: number;
  total: number;
  state: "uploading" | "done" | "refused";
  message?: string;
  /** The media asset the finished upload became (the server's answer to the last request). */
  assetId?: string;
};

/** What the library below knows of each asset, so a finished upload's row can follow it. */
export type AssetProgress = Record<
  string,
  { status: "PROCESSING" | "READY" | "FAILED"; error: string | null }
>;

/**
 * The line under a finished upload: it follows its asset through processing, so the row never
 * says "processing" once the card below says Ready or Failed.
 */
function doneLine(file: FileProgress, assets: AssetProgress): { text: string; failed: boolean } {
  const asset = file.assetId ? assets[file.assetId] : undefined;
  if (!asset) return { text: file.message ?? "Uploaded.", failed: false };
  if (asset.status === "READY") return { text: "Uploaded and processed: ready for stories.", failed: false };
  if (asset.status === "FAILED") {
    return {
      text: `Uploaded, but processing failed: ${asset.error ?? "no reason was given."}`,
      failed: true,
    };
  }
  return { text: "Uploaded; processing…", failed: false };
}

function assetIdOf(body: string | undefined): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body ?? "");
    if (parsed && typeof parsed === "object" && "id" in parsed && typeof parsed.id === "string")
      return parsed.id;
  } catch {
    // An answer without an id (an older server): the row just says "Uploaded."
  }
  return undefined;
}

/** Chunks of 8 MiB: a dropped connection costs at most one chunk, and proxies accept the requests. */
const CHUNK_BYTES = 8 * 1024 * 1024;
const inputClass = "rounded-md border border-zinc-300 bg-white px-3 py-2";

function percent(file: FileProgress): number {
  return file.total === 0 ? 0 : Math.floor((file.sent / file.total) * 100);
}

/** The server's reason (plain text) from a refused tus request, or a generic line for network trouble. */
function reasonOf(
  error: Error & { originalResponse?: { getBody(): string; getStatus(): number } | null },
): string {
  const body = error.originalResponse?.getBody()?.trim();
  if (body && error.originalResponse && error.originalResponse.getStatus() < 500) return body;
  return "The upload failed (connection or server problem). Choose the file again to resume where it stopped.";
}

/**
 * Drag-and-drop (or choose) several files; each goes up through the resumable endpoint with its
 * own progress bar. An interrupted upload resumes from where it stopped when the same file is
 * chosen again (tus-js-client remembers it in localStorage). The type, size and name are checked
 * by the server; the size is also checked here so a too-large file is refused without a request.
 */
export function MediaUploader({
  workspaceSlug,
  brands,
  defaultBrandId,
  maxBytes,
  maxLabel,
  assets,
}: {
  workspaceSlug: string;
  brands: Brand[];
  defaultBrandId: string;
  maxBytes: number;
  maxLabel: string;
  assets: AssetProgress;
}) {
  const router = useRouter();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<FileProgress[]>([]);
  const [dragging, setDragging] = useState(false);
  const [brandId, setBrandId] = useState(defaultBrandId);
  const [fit, setFit] = useState<"COVER" | "CONTAIN_BLUR">("COVER");
  const [focalX, setFocalX] = useState(50);
  const [focalY, setFocalY] = useState(50);
  const [splitVideo, setSplitVideo] = useState(false);

  const update = (key: string, change: Partial<FileProgress>) =>
    setFiles((current) => current.map((file) => (file.key === key ? { ...file, ...change } : file)));

  function send(file: File) {
    const key = `${file.name}-${file.size}-${file.lastModified}-${Math.random()}`;
    setFiles((current) => [
      ...current,
      { key, name: file.name, sent: 0, total: file.size, state: "uploading" },
    ]);
    if (file.size > maxBytes) {
      update(key, {
        state: "refused",
        message: `This file is larger than the upload limit: files can be at most ${maxLabel}.`,
      });
      return;
    }
    const upload = new Upload(file, {
      endpoint: "/api/uploads",
      chunkSize: CHUNK_BYTES,
      retryDelays: [0, 1_000, 3_000, 10_000],
      removeFingerprintOnSuccess: true,
      metadata: {
        workspace: workspaceSlug,
        brandId,
        filename: file.name,
        fit,
        focalX: String(focalX / 100),
        focalY: String(focalY / 100),
        splitVideo: String(splitVideo),
      },
      onProgress: (sent, total) => update(key, { sent, total }),
      onSuccess: ({ lastResponse }) => {
        const assetId = assetIdOf(lastResponse?.getBody());
        update(key, { state: "done", sent: file.size, message: "Uploaded.", assetId });
        router.refresh();
      },
      onError: (error) => update(key, { state: "refused", message: reasonOf(error) }),
      // A refusal (4xx other than conflicts/locks) will not change on retry.
      onShouldRetry: (error) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        return status === 0 || status >= 500 || status === 409 || status === 423;
      },
    });
    void upload.findPreviousUploads().then((previous) => {
      if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  }

  function sendAll(list: FileList | null) {
    for (const file of Array.from(list ?? [])) send(file);
    if (inputRef.current) inputRef.current.value = "";
  }

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    sendAll(event.dataTransfer.files);
  };

  return (
    <section
      aria-labelledby={`${id}-title`}
      className="flex flex-col gap-4 rounded-lg border border-zinc-200 bg-white p-4"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        Upload
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-brand`} className="text-sm font-medium">
            Brand
          </label>
          <select
            id={`${id}-brand`}
            value={brandId}
            onChange={(e) => setBrandId(e.target.value)}
            className={inputClass}
          >
            <option value="">No brand (whole workspace)</option>
            {brands.map((brand) => (
              <option key={brand.id} value={brand.id}>
                {brand.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium">Fit into the 9:16 story frame</legend>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name={`${id}-fit`}
              checked={fit === "COVER"}
              onChange={() => setFit("COVER")}
            />
            Fill the frame (crop around a focal point)
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name={`${id}-fit`}
              checked={fit === "CONTAIN_BLUR"}
              onChange={() => setFit("CONTAIN_BLUR")}
            />
            Show all of it on a blurred background
          </label>
        </fieldset>
        {fit === "COVER" ? (
          <>
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-fx`} className="text-sm font-medium">
                Focal point, left to right: {focalX}%
              </label>
              <input
                id={`${id}-fx`}
                type="range"
                min={0}
                max={100}
                step={5}
                value={focalX}
                onChange={(e) => setFocalX(Number(e.target.value))}
              />
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-fy`} className="text-sm font-medium">
                Focal point, top to bottom: {focalY}%
              </label>
              <input
                id={`${id}-fy`}
                type="range"
                min={0}
                max={100}
                step={5}
                value={focalY}
                onChange={(e) => setFocalY(Number(e.target.value))}
              />
            </div>
          </>
        ) : null}
        <p className="text-xs text-zinc-600 sm:col-span-2">
          Not sure? Once a picture is Ready, "Adjust framing" on its card shows it with the story's crop drawn
          over it and a live preview, and renders it again.
        </p>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" checked={splitVideo} onChange={(e) => setSplitVideo(e.target.checked)} />
          Split videos longer than 60 s into parts of at most 60 s (one story frame each)
        </label>
      </div>
      <section
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
        aria-label="Drop files here to upload them"
        className={`flex flex-col items-center gap-2 rounded-lg border-2 border-dashed p-6 text-center ${
          dragging ? "border-brand-600 bg-brand-50" : "border-zinc-300"
        }`}
      >
        <p className="text-sm text-zinc-600">Drop photos and videos here, or</p>
        <label htmlFor={`${id}-files`} className="text-sm font-medium">
          Choose files
        </label>
        <input
          ref={inputRef}
          id={`${id}-files`}
          type="file"
          multiple
          accept="image/jpeg,image/png,video/mp4,video/quicktime"
          onChange={(e) => sendAll(e.target.files)}
          className="max-w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-600 file:px-4 file:py-2 file:font-medium file:text-white"
        />
        <p className="text-xs text-zinc-500">JPEG, PNG, MP4 or MOV, up to {maxLabel} each.</p>
      </section>
      {files.length > 0 ? (
        <ul aria-label="Uploads" aria-live="polite" className="flex flex-col gap-3">
          {files.map((file) => (
            <li key={file.key} className="flex flex-col gap-1">
              <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span className="font-medium break-all">{file.name}</span>
                <span className="text-zinc-600">
                  {file.state === "uploading" ? `${percent(file)}%` : null}
                </span>
              </div>
              <progress
                value={file.state === "refused" ? 0 : file.sent}
                max={file.total || 1}
                aria-label={`Upload of ${file.name}`}
                className="h-2 w-full"
              />
              <UploadLine file={file} assets={assets} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function UploadLine({ file, assets }: { file: FileProgress; assets: AssetProgress }) {
  if (file.state === "uploading") return null;
  const { text, failed } =
    file.state === "refused" ? { text: file.message ?? "", failed: true } : doneLine(file, assets);
  return (
    <p role={failed ? "alert" : "status"} className={`text-sm ${failed ? "text-red-700" : "text-green-800"}`}>
      {text}
    </p>
  );
}
