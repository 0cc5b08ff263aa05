import { DEFAULT_TEXT_BACKGROUND } from "@/lib/core/platform-limits";

// A story's frames as small 9:16 pictures, shared by the home page, the calendar and the story
// page: people recognise a story by what it shows, not by the name of the file it came from.

export type ThumbnailFrame = {
  id: string;
  /** Signed URL of the frame's thumbnail; null for a text frame or media with nothing small yet. */
  url: string | null;
  /** The file name or the text's start: the image's alternative text. */
  label: string;
  text: string | null;
  backgroundColor: string | null;
};

const SIZES = {
  xs: "h-8 w-[18px] text-[4px]",
  sm: "h-12 w-[27px] text-[5px]",
  md: "h-20 w-[45px] text-[7px]",
  lg: "h-40 w-[90px] text-[10px]",
} as const;

export function FrameThumbnail({ frame, size = "md" }: { frame: ThumbnailFrame; size?: keyof typeof SIZES }) {
  const box = `${SIZES[size]} shrink-0 overflow-hidden rounded border border-zinc-200`;
  if (frame.url) {
    return (
      // biome-ignore lint/performance/noImgElement: signed, short-lived URLs; next/image would cache them past expiry
      <img src={frame.url} alt={frame.label} className={`${box} bg-zinc-100 object-cover`} loading="lazy" />
    );
  }
  if (frame.text !== null) {
    return (
      <span
        role="img"
        aria-label={`Text status: ${frame.label}`}
        className={`${box} flex items-center justify-center p-0.5 text-center font-medium leading-tight break-words text-white`}
        style={{ backgroundColor: frame.backgroundColor ?? DEFAULT_TEXT_BACKGROUND }}
      >
        <span className="line-clamp-4">{frame.text}</span>
      </span>
    );
  }
  return (
    <span role="img" aria-label={`${frame.label} (no preview yet)`} className={`${box} block bg-zinc-100`} />
  );
}

/** The first frames of a story, with "+N" when it has more than are shown. */
export function FrameThumbnails({
  frames,
  total = frames.length,
  size = "md",
}: {
  frames: ThumbnailFrame[];
  total?: number;
  size?: keyof typeof SIZES;
}) {
  if (frames.length === 0) return null;
  return (
    <span className="flex shrink-0 items-center gap-1" data-testid="frame-thumbnails">
      {frames.map((frame) => (
        <FrameThumbnail key={frame.id} frame={frame} size={size} />
      ))}
      {total > frames.length ? (
        <span className="text-xs text-zinc-500" title={`${total} frames`}>
          +{total - frames.length}
        </span>
      ) : null}
    </span>
  );
}
