"use client";

import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useParams } from "next/navigation";
import type { CheckLevel } from "@/lib/core/story-checks";
import { describeMedia, type Frame, frameName, isTextFrame, type MediaItem } from "./composer-types";
import { LEVEL_STYLES } from "./level-styles";

/**
 * The story's frames in publishing order. Reorder by dragging the handle (mouse or touch), by
 * keyboard on the handle (Space to lift, arrows to move, Space to drop — dnd-kit announces each
 * step to screen readers), or with the Move up / Move down buttons.
 */
export function FrameList({
  frames,
  media,
  levels,
  onChange,
  onSelect,
  selected,
}: {
  frames: Frame[];
  media: Map<string, MediaItem>;
  /** The worst check level of each frame, by key. */
  levels: Map<string, CheckLevel>;
  onChange: (frames: Frame[]) => void;
  onSelect: (key: string) => void;
  selected: string | null;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const move = (from: number, to: number) => {
    if (to < 0 || to >= frames.length) return;
    onChange(arrayMove(frames, from, to));
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    move(
      frames.findIndex((f) => f.key === active.id),
      frames.findIndex((f) => f.key === over.id),
    );
  };
  const nameOf = (frame: Frame) => frameName(frame, media);

  if (frames.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-zinc-300 p-4 text-sm text-zinc-500">
        No frames yet: add images or videos from the library, or a text status.
      </p>
    );
  }
  return (
    <DndContext
      // A fixed id keeps dnd-kit's generated ARIA ids the same on the server and in the browser.
      id="composer-frames"
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        announcements: {
          onDragStart: ({ active }) => `Picked up frame ${position(frames, active.id)}.`,
          onDragOver: ({ active, over }) =>
            over ? `Frame ${position(frames, active.id)} is over position ${position(frames, over.id)}.` : "",
          onDragEnd: ({ active, over }) =>
            over
              ? `Frame ${position(frames, active.id)} dropped at position ${position(frames, over.id)}.`
              : "",
          onDragCancel: ({ active }) => `Moving frame ${position(frames, active.id)} canceled.`,
        },
      }}
    >
      <SortableContext items={frames.map((f) => f.key)} strategy={verticalListSortingStrategy}>
        <ol aria-label="Frames, in publishing order" className="flex flex-col gap-2" data-testid="frame-list">
          {frames.map((frame, index) => (
            <SortableFrame
              key={frame.key}
              frame={frame}
              index={index}
              count={frames.length}
              item={isTextFrame(frame) ? undefined : media.get(frame.assetId)}
              name={nameOf(frame)}
              level={levels.get(frame.key) ?? "ok"}
              selected={selected === frame.key}
              onMove={(to) => move(index, to)}
              onRemove={() => onChange(frames.filter((f) => f.key !== frame.key))}
              onSelect={() => onSelect(frame.key)}
            />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

/**
 * The picture's framing editor, in a new tab: the composer holds unsaved work. The story refers
 * to the file, so a new framing saved there is what the story goes out with.
 */
function FramingLink({ assetId, frameNumber }: { assetId: string; frameNumber: number }) {
  const { slug } = useParams<{ slug: string }>();
  return (
    <a
      href={`/w/${slug}/media/${assetId}`}
      target="_blank"
      rel="noopener"
      className="text-xs text-brand-700 underline underline-offset-2"
    >
      Adjust framing<span className="sr-only"> of frame {frameNumber} (opens in a new tab)</span>
    </a>
  );
}

function position(frames: Frame[], id: string | number): number {
  return frames.findIndex((f) => f.key === id) + 1;
}

const smallButton =
  "rounded border border-zinc-300 bg-white px-2 py-1 text-xs font-medium hover:bg-zinc-50 disabled:opacity-40";

function SortableFrame({
  frame,
  index,
  count,
  item,
  name,
  level,
  selected,
  onMove,
  onRemove,
  onSelect,
}: {
  frame: Frame;
  index: number;
  count: number;
  item: MediaItem | undefined;
  name: string;
  level: CheckLevel;
  selected: boolean;
  onMove: (to: number) => void;
  onRemove: () => void;
  onSelect: () => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: frame.key });
  const label = `Frame ${index + 1}: ${name}`;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      data-testid="frame"
      data-asset-id={isTextFrame(frame) ? undefined : frame.assetId}
      aria-label={label}
      className={`flex flex-wrap items-center gap-2 rounded-lg border bg-white p-2 ${
        selected ? "border-brand-600 ring-2 ring-brand-100" : "border-zinc-200"
      } ${isDragging ? "z-10 shadow-lg" : ""}`}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        aria-label={`Drag to reorder frame ${index + 1} (${name})`}
        aria-roledescription="sortable frame"
        className="cursor-grab touch-none rounded px-1 py-2 text-zinc-500 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-600"
        data-testid="drag-handle"
      >
        <span aria-hidden="true">⠿</span>
      </button>
      <span className="w-5 text-right text-sm font-semibold tabular-nums">{index + 1}</span>
      <button
        type="button"
        onClick={onSelect}
        aria-pressed={selected}
        aria-label={`Preview frame ${index + 1}`}
        className="shrink-0"
      >
        {isTextFrame(frame) ? (
          <span
            aria-hidden="true"
            className="grid h-16 w-9 place-items-center overflow-hidden rounded text-[6px] leading-tight text-white"
            style={{ backgroundColor: frame.backgroundColor }}
          >
            {frame.text.slice(0, 40)}
          </span>
        ) : item ? (
          <Thumbnail item={item} />
        ) : (
          <span className="block h-16 w-9 bg-zinc-200" />
        )}
      </button>
      {/* At least 9rem for the name, so on a phone the buttons wrap below instead of squeezing it. */}
      <div className="min-w-0 flex-1 basis-36">
        <p className="truncate text-sm font-medium">{name}</p>
        <p className="text-xs text-zinc-500">
          {isTextFrame(frame)
            ? `Text on ${frame.backgroundColor} · WhatsApp only`
            : item
              ? `${describeMedia(item)}${item.ready ? "" : " · not ready: it cannot be scheduled yet"}`
              : "This media is no longer available."}
        </p>
        {item?.kind === "IMAGE" && item.ready ? (
          <FramingLink assetId={item.id} frameNumber={index + 1} />
        ) : null}
        {level !== "ok" ? (
          <p className={`mt-1 inline-block rounded px-1.5 text-xs ${LEVEL_STYLES[level].badge}`}>
            {LEVEL_STYLES[level].label}: see the checks
          </p>
        ) : null}
      </div>
      <div className="flex gap-1">
        <button
          type="button"
          className={smallButton}
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
          aria-label={`Move frame ${index + 1} up`}
        >
          ↑ Up
        </button>
        <button
          type="button"
          className={smallButton}
          disabled={index === count - 1}
          onClick={() => onMove(index + 1)}
          aria-label={`Move frame ${index + 1} down`}
        >
          ↓ Down
        </button>
        <button
          type="button"
          className={`${smallButton} text-red-700`}
          onClick={onRemove}
          aria-label={`Remove frame ${index + 1}`}
        >
          Remove
        </button>
      </div>
    </li>
  );
}

export function Thumbnail({ item, className = "h-16 w-9" }: { item: MediaItem; className?: string }) {
  // A video without a thumbnail rendition shows its first frame; preload only the metadata.
  if (item.kind === "VIDEO" && !item.hasThumbnail) {
    return (
      <video
        src={item.url}
        muted
        preload="metadata"
        className={`${className} rounded bg-black object-cover`}
      />
    );
  }
  // biome-ignore lint/performance/noImgElement: signed media URLs, not static assets for next/image
  return <img src={item.thumbUrl} alt="" className={`${className} rounded bg-zinc-100 object-cover`} />;
}
