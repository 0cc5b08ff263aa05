"use client";

import {
  type KeyboardEvent,
  type PointerEvent,
  type SyntheticEvent,
  useActionState,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import {
  clampFocal,
  coverCrop,
  coverObjectPosition,
  type FocalPoint,
  isStoryAspect,
  type Size,
  STORY_FRAME,
} from "@/lib/media/fit-geometry";

type Fit = "COVER" | "CONTAIN_BLUR";

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** How the focal point is read aloud and shown: "30% from the left, 50% from the top". */
const describeFocal = (focal: FocalPoint) =>
  `${percent(focal.x)} from the left, ${percent(focal.y)} from the top`;

/** The picture's own size (EXIF orientation applied, as the workers see it), once it has loaded. */
function sizeOf(image: HTMLImageElement): Size | null {
  return image.complete && image.naturalWidth > 0
    ? { width: image.naturalWidth, height: image.naturalHeight }
    : null;
}

/**
 * The framing editor: the original upload with the 9:16 window drawn over it, a focal point set
 * by clicking or dragging on it (or with the arrow keys on the marker; Shift moves further), a
 * choice between filling the frame and fitting the whole picture on a blurred background, and a
 * live preview of the result. The preview uses the same geometry as the workers (fit-geometry.ts),
 * so what it shows is what the platforms will get. Save has the workers render it again.
 */
export function FramingEditor({
  name,
  originalUrl,
  renditionUrl,
  saved,
  status,
  reframing,
  usage,
  publishingNow,
  action,
}: {
  name: string;
  originalUrl: string;
  /** The rendition the platforms get now (the previous one while a new framing renders). */
  renditionUrl: string | null;
  saved: { fit: Fit; x: number; y: number };
  status: "PROCESSING" | "READY" | "FAILED";
  reframing: boolean;
  /** What saving does to the stories that use the file, one sentence each. */
  usage: string[];
  /** The title of a story being published with this file right now: saving waits for it. */
  publishingNow: string | null;
  /** Null when the person's role may look but not change the framing. */
  action: ((prev: ActionState, formData: FormData) => Promise<ActionState>) | null;
}) {
  const [fit, setFit] = useState<Fit>(saved.fit);
  const [focal, setFocal] = useState<FocalPoint>({ x: saved.x, y: saved.y });
  const [size, setSize] = useState<Size | null>(null);
  const picture = useRef<HTMLDivElement>(null);
  const original = useRef<HTMLImageElement>(null);
  const dragging = useRef(false);
  const ids = useId();
  const [state, formAction, pending] = useActionState(
    action ?? (async () => initialActionState),
    initialActionState,
  );

  // A cached original can finish loading before React hydrates, and then no load event reaches
  // onLoad: measure it once mounted as well.
  useEffect(() => {
    const loaded = original.current && sizeOf(original.current);
    if (loaded) setSize(loaded);
  }, []);

  const cropped = size !== null && !isStoryAspect(size);
  const focalMatters = fit === "COVER" && cropped;
  const crop = size && focalMatters ? coverCrop(size, STORY_FRAME, focal) : null;
  const position = size ? coverObjectPosition(size, focal) : { x: 50, y: 50 };

  const pointAt = (event: PointerEvent<HTMLDivElement>) => {
    const box = picture.current?.getBoundingClientRect();
    if (!box || box.width === 0 || box.height === 0) return;
    setFocal(
      clampFocal({ x: (event.clientX - box.left) / box.width, y: (event.clientY - box.top) / box.height }),
    );
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 0.1 : 0.02;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    setFocal((current) => clampFocal({ x: current.x + move[0], y: current.y + move[1] }));
  };

  const blocked = reframing
    ? "Re-rendering… the new framing shows here when it is Ready."
    : status !== "READY"
      ? "This file is not Ready, so it cannot be framed again yet."
      : publishingNow
        ? `"${publishingNow}" is being published with this picture right now. Change the framing once it has gone out.`
        : null;
  const changed = fit !== saved.fit || focal.x !== saved.x || focal.y !== saved.y;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_auto]">
      <div className="flex flex-col gap-3">
        <h2 className="font-medium">Original</h2>
        <div
          ref={picture}
          data-testid="framing-original"
          className={`relative touch-none select-none ${focalMatters ? "cursor-crosshair" : ""}`}
          onPointerDown={(event) => {
            if (!focalMatters) return;
            dragging.current = true;
            event.currentTarget.setPointerCapture(event.pointerId);
            pointAt(event);
          }}
          onPointerMove={(event) => {
            if (dragging.current) pointAt(event);
          }}
          onPointerUp={() => {
            dragging.current = false;
          }}
          onPointerCancel={() => {
            dragging.current = false;
          }}
        >
          {/* Only the picture and its shade are clipped: the marker may stand half over the edge. */}
          <div className="relative overflow-hidden rounded-md bg-zinc-100">
            {/* biome-ignore lint/performance/noImgElement: a signed, short-lived URL; next/image would cache it past expiry */}
            <img
              src={originalUrl}
              alt={`Original upload of ${name}`}
              draggable={false}
              className="block h-auto w-full"
              ref={original}
              onLoad={(event: SyntheticEvent<HTMLImageElement>) => setSize(sizeOf(event.currentTarget))}
            />
            {crop && size ? (
              <div
                aria-hidden="true"
                data-testid="crop-window"
                className="pointer-events-none absolute border-2 border-white shadow-[0_0_0_9999px_rgba(0,0,0,0.55)]"
                style={{
                  left: `${(crop.left / size.width) * 100}%`,
                  top: `${(crop.top / size.height) * 100}%`,
                  width: `${(crop.width / size.width) * 100}%`,
                  height: `${(crop.height / size.height) * 100}%`,
                }}
              />
            ) : null}
          </div>
          {focalMatters ? (
            <div
              role="slider"
              tabIndex={0}
              aria-label="Focal point"
              aria-describedby={`${ids}-focal-help`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(focal.x * 100)}
              aria-valuetext={describeFocal(focal)}
              onKeyDown={onKeyDown}
              className="absolute h-7 w-7 -translate-x-1/2 -translate-y-1/2 rounded-full border-[3px] border-white bg-brand-700/70 shadow-md outline-none focus-visible:ring-4 focus-visible:ring-amber-400"
              style={{ left: `${focal.x * 100}%`, top: `${focal.y * 100}%` }}
            />
          ) : null}
        </div>
        <p id={`${ids}-focal-help`} className="text-sm text-zinc-600">
          {!size
            ? "Loading the original…"
            : !cropped
              ? "This picture is already 9:16: the whole of it shows, so there is no focal point to set."
              : fit === "COVER"
                ? `The bright window is what the story shows. Click or drag on the picture to move the focal point (now ${describeFocal(focal)}), or focus the marker and use the arrow keys (Shift for bigger steps).`
                : "The whole picture shows, on a blurred copy of itself; the focal point only applies when filling the frame."}
        </p>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 font-medium">Fit into the 9:16 story frame</legend>
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name={`${ids}-fit`}
              value="COVER"
              checked={fit === "COVER"}
              onChange={() => setFit("COVER")}
              className="mt-1"
            />
            <span>Fill the frame (crop around the focal point)</span>
          </label>
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name={`${ids}-fit`}
              value="CONTAIN_BLUR"
              checked={fit === "CONTAIN_BLUR"}
              onChange={() => setFit("CONTAIN_BLUR")}
              className="mt-1"
            />
            <span>Fit: show all of it on a blurred background</span>
          </label>
        </fieldset>
      </div>

      <div className="flex flex-col gap-4">
        <div className="flex flex-wrap gap-4">
          <figure className="flex flex-col gap-1">
            <figcaption className="font-medium">Preview</figcaption>
            <div
              data-testid="framing-preview"
              className="relative aspect-[9/16] w-40 overflow-hidden rounded-md bg-black sm:w-48"
            >
              {fit === "COVER" ? (
                // biome-ignore lint/performance/noImgElement: same signed URL as the original above
                <img
                  src={originalUrl}
                  alt={`Preview of the story frame: ${name} filling the frame`}
                  className="absolute inset-0 h-full w-full object-cover"
                  style={{ objectPosition: `${position.x}% ${position.y}%` }}
                />
              ) : (
                <>
                  {/* biome-ignore lint/performance/noImgElement: same signed URL as the original above */}
                  <img
                    src={originalUrl}
                    alt=""
                    className="absolute inset-0 h-full w-full scale-110 object-cover blur-md brightness-[0.6]"
                  />
                  {/* biome-ignore lint/performance/noImgElement: same signed URL as the original above */}
                  <img
                    src={originalUrl}
                    alt={`Preview of the story frame: all of ${name} on a blurred background`}
                    className="absolute inset-0 h-full w-full object-contain"
                  />
                </>
              )}
            </div>
          </figure>
          <figure className="flex flex-col gap-1">
            <figcaption className="font-medium">
              {reframing ? "Current (until re-rendered)" : "Current"}
            </figcaption>
            <div className="relative flex aspect-[9/16] w-40 items-center justify-center overflow-hidden rounded-md bg-zinc-100 sm:w-48">
              {renditionUrl ? (
                // biome-ignore lint/performance/noImgElement: a signed, short-lived URL; next/image would cache it past expiry
                <img
                  src={renditionUrl}
                  alt={`Current story rendition of ${name}`}
                  className="h-full w-full object-cover"
                />
              ) : (
                <span className="px-2 text-center text-sm text-zinc-500">No rendition</span>
              )}
            </div>
          </figure>
        </div>
        <ul className="flex max-w-sm flex-col gap-1 text-sm text-zinc-700">
          {usage.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {action ? (
          <form action={formAction} className="flex max-w-sm flex-col gap-2">
            <input type="hidden" name="fit" value={fit} />
            <input type="hidden" name="focalX" value={String(focal.x)} />
            <input type="hidden" name="focalY" value={String(focal.y)} />
            <div className="flex flex-wrap gap-2">
              <button
                type="submit"
                disabled={pending || blocked !== null}
                aria-describedby={`${ids}-save-result`}
                className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white disabled:opacity-60"
              >
                {pending ? "Saving…" : "Save and re-render"}
              </button>
              <button
                type="button"
                disabled={!changed}
                onClick={() => {
                  setFit(saved.fit);
                  setFocal({ x: saved.x, y: saved.y });
                }}
                className="rounded-md border border-zinc-300 px-4 py-2 text-sm disabled:opacity-60"
              >
                Undo changes
              </button>
            </div>
            <div id={`${ids}-save-result`} aria-live="polite" className="text-sm">
              {blocked ? (
                <p className="text-zinc-700">{blocked}</p>
              ) : state.message ? (
                <p
                  role={state.ok ? "status" : "alert"}
                  className={state.ok ? "text-green-800" : "text-red-700"}
                >
                  {state.message}
                  {state.fields
                    ? ` ${Object.values(state.fields)
                        .filter((m) => m !== state.message)
                        .join(" ")}`
                    : null}
                </p>
              ) : null}
            </div>
          </form>
        ) : (
          <p className="text-sm text-zinc-700">Your role can look at the framing but not change it.</p>
        )}
      </div>
    </div>
  );
}
