"use client";

import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  PointerSensor,
  pointerWithin,
  type UniqueIdentifier,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { CSS } from "@dnd-kit/utilities";
import { useActionState, useOptimistic, useRef, useState, useTransition } from "react";
import { useAnnounce } from "@/app/_components/ui/announcer";
import Link from "@/app/_components/ui/link";
import { initialActionState } from "@/app/_lib/action-state";
import type { CalendarView } from "@/lib/calendar/calendar-range";
import type { CalendarStory } from "@/lib/calendar/list-calendar-stories";
import { FrameThumbnail } from "../frame-thumbnails";
import { STORY_STATUS } from "../stories/story-labels";
import { moveStoryFormAction, moveStoryToDayAction } from "./actions";
import { ViewerTime } from "./viewer-time";

export type BoardStory = Omit<CalendarStory, "scheduledAt" | "targets" | "cover"> & {
  scheduledAt: string;
  platforms: string[];
  /** The first frame with its signed thumbnail URL. */
  cover: (NonNullable<CalendarStory["cover"]> & { url: string | null }) | null;
};
export type BoardDay = {
  date: string;
  label: string;
  /** A day of the neighbouring month in the month grid. */
  outside: boolean;
  stories: BoardStory[];
  more: number;
  moreHref: string;
};

type Move = { storyId: string; date: string };

/** A stripe per status, beside the status's words (never colour alone), for scanning a busy month. */
const STATUS_STRIPE: Record<BoardStory["status"], string> = {
  DRAFT: "border-l-zinc-400",
  IN_REVIEW: "border-l-amber-500",
  APPROVED: "border-l-sky-400",
  SCHEDULED: "border-l-sky-600",
  PUBLISHING: "border-l-brand-600",
  PUBLISHED: "border-l-green-600",
  PARTIAL: "border-l-amber-600",
  FAILED: "border-l-red-600",
  CANCELED: "border-l-zinc-300",
  EXPIRED: "border-l-zinc-300",
};
type Notice = { ok: boolean; text: string };

/**
 * The calendar's days with drag to another day (pointer) and a "Move" form on every movable story
 * (keyboard, and without JavaScript). A move shows at once and is put back if the server refuses,
 * with the server's reason.
 */
export function CalendarBoard({
  slug,
  view,
  days,
  canEdit,
  showBrand,
}: {
  slug: string;
  view: CalendarView;
  days: BoardDay[];
  canEdit: boolean;
  showBrand: boolean;
}) {
  const [moves, addMove] = useOptimistic<Record<string, string>, Move>({}, (state, move) => ({
    ...state,
    [move.storyId]: move.date,
  }));
  const [notice, setNotice] = useState<Notice | null>(null);
  const announce = useAnnounce();
  const [, startTransition] = useTransition();
  // A small threshold keeps a click on a story's link a click, not a drag. Pointer drags only
  // start from a mouse or pen in practice: on touch screens the page scrolls and "Move" is the way.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));

  const stories = days.flatMap((day) => day.stories);
  const storyById = new Map(stories.map((story) => [story.id, story]));
  const labelOf = new Map(days.map((day) => [day.date, day.label]));
  const shown = days.map((day) => ({
    ...day,
    stories: stories
      .filter((story) => (moves[story.id] ?? dateOf(story)) === day.date)
      .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt)),
  }));

  function move(storyId: string, date: string) {
    const story = storyById.get(storyId);
    if (!story || dateOf(story) === date) return;
    const { title } = story;
    const label = labelOf.get(date) ?? date;
    setNotice({ ok: true, text: `Moving “${title}” to ${label}…` });
    startTransition(async () => {
      addMove({ storyId, date });
      const form = new FormData();
      form.set("date", date);
      const result = await moveStoryToDayAction(slug, storyId, form);
      const outcome = result.ok
        ? { ok: true, text: `“${title}” moved to ${label}. ${result.message ?? ""}`.trim() }
        : { ok: false, text: `“${title}” was not moved: ${result.message}` };
      setNotice(outcome);
      announce(outcome);
    });
  }

  // Spoken during a pointer drag (dnd-kit's live region), in titles and days rather than ids.
  const titleOf = (id: UniqueIdentifier) => `“${storyById.get(String(id))?.title ?? "Story"}”`;
  const dayOf = (id: UniqueIdentifier) => labelOf.get(String(id)) ?? String(id);
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${titleOf(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? `${titleOf(active.id)} is over ${dayOf(over.id)}.` : `${titleOf(active.id)} is not over a day.`,
    onDragEnd: ({ active, over }) =>
      over ? `${titleOf(active.id)} dropped on ${dayOf(over.id)}.` : `${titleOf(active.id)} was not moved.`,
    onDragCancel: ({ active }) => `Moving ${titleOf(active.id)} was cancelled.`,
  };

  function onDragEnd({ active, over }: DragEndEvent) {
    if (over) move(String(active.id), String(over.id));
  }

  return (
    <div className="flex flex-col gap-3">
      <p
        role={notice && !notice.ok ? "alert" : "status"}
        data-testid="calendar-notice"
        className={
          notice
            ? `rounded-md px-3 py-2 text-sm ${notice.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`
            : "sr-only"
        }
      >
        {notice?.text}
      </p>
      {canEdit ? (
        <p className="text-xs text-zinc-500">
          Drag a story to another day, or use its “Move” button. It keeps its time of day in its own zone.
        </p>
      ) : null}
      {/* The day under the pointer is the target, however tall the dragged card. */}
      <DndContext
        id="calendar"
        sensors={sensors}
        collisionDetection={pointerWithin}
        accessibility={{ announcements }}
        onDragEnd={onDragEnd}
      >
        {view === "list" ? (
          <ol className="flex flex-col gap-4">
            {shown.map((day) => (
              <DayCell
                key={day.date}
                day={day}
                view={view}
                className="rounded-lg border border-zinc-200 bg-white p-3"
              >
                <StoryItems
                  day={day}
                  view={view}
                  slug={slug}
                  canEdit={canEdit}
                  showBrand={showBrand}
                  onMove={move}
                />
              </DayCell>
            ))}
          </ol>
        ) : (
          <div className="overflow-x-auto">
            <div className="min-w-[44rem]">
              <div aria-hidden="true" className="grid grid-cols-7 text-xs font-medium text-zinc-500">
                {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((name) => (
                  <div key={name} className="px-2 py-1">
                    {name}
                  </div>
                ))}
              </div>
              <ol className="grid grid-cols-7 border-t border-l border-zinc-200">
                {shown.map((day) => (
                  <DayCell
                    key={day.date}
                    day={day}
                    view={view}
                    className={`border-r border-b border-zinc-200 p-1.5 ${view === "week" ? "min-h-64" : "min-h-28"} ${day.outside ? "bg-zinc-50" : "bg-white"}`}
                  >
                    <StoryItems
                      day={day}
                      view={view}
                      slug={slug}
                      canEdit={canEdit}
                      showBrand={showBrand}
                      onMove={move}
                    />
                  </DayCell>
                ))}
              </ol>
            </div>
          </div>
        )}
      </DndContext>
    </div>
  );
}

/** The story's own day: the date part of its wall clock in the zone it is shown in. */
function dateOf(story: BoardStory): string {
  return story.local.slice(0, 10);
}

function DayCell({
  day,
  view,
  className,
  children,
}: {
  day: BoardDay;
  view: CalendarView;
  className: string;
  children: React.ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: day.date });
  const headingId = `day-${day.date}`;
  return (
    <li
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-date={day.date}
      data-testid="calendar-day"
      // For the browser tests: a drag is dropped only once dnd-kit has this day as its target.
      data-over={isOver || undefined}
      className={`${className} flex flex-col gap-1 ${isOver ? "outline-2 outline-brand-600" : ""}`}
    >
      <h3
        id={headingId}
        className={`text-xs font-semibold ${day.outside ? "text-zinc-400" : "text-zinc-700"}`}
      >
        <time dateTime={day.date}>{day.label}</time>
      </h3>
      {children}
      {day.stories.length === 0 && view === "list" ? (
        <p className="text-sm text-zinc-500">No stories.</p>
      ) : null}
    </li>
  );
}

function StoryItems({
  day,
  view,
  slug,
  canEdit,
  showBrand,
  onMove,
}: {
  day: BoardDay;
  view: CalendarView;
  slug: string;
  canEdit: boolean;
  showBrand: boolean;
  onMove: (storyId: string, date: string) => void;
}) {
  if (day.stories.length === 0 && day.more === 0) return null;
  return (
    <>
      <ul className="flex flex-col gap-1">
        {day.stories.map((story) => (
          <StoryCard
            key={story.id}
            story={story}
            view={view}
            slug={slug}
            movable={canEdit && story.movable}
            showBrand={showBrand}
            onMove={onMove}
          />
        ))}
      </ul>
      {day.more > 0 ? (
        <Link href={day.moreHref} className="text-xs font-medium text-brand-700 underline">
          {day.more} more on {day.label}
        </Link>
      ) : null}
    </>
  );
}

function StoryCard({
  story,
  view,
  slug,
  movable,
  showBrand,
  onMove,
}: {
  story: BoardStory;
  view: CalendarView;
  slug: string;
  movable: boolean;
  showBrand: boolean;
  onMove: (storyId: string, date: string) => void;
}) {
  const { setNodeRef, listeners, transform, isDragging } = useDraggable({ id: story.id, disabled: !movable });
  const status = STORY_STATUS[story.status];
  const time = story.local.slice(11);
  return (
    <li
      ref={setNodeRef}
      {...listeners}
      data-testid="calendar-story"
      data-story-id={story.id}
      data-dragging={isDragging || undefined}
      style={{ transform: CSS.Translate.toString(transform) }}
      className={`relative min-w-0 break-words rounded border border-l-4 border-zinc-200 ${STATUS_STRIPE[story.status]} bg-white px-1.5 py-1 text-xs shadow-sm ${movable ? "cursor-grab" : ""} ${isDragging ? "z-10 opacity-80 shadow-lg" : ""}`}
    >
      <div className="flex flex-wrap items-baseline gap-x-1">
        <time dateTime={story.scheduledAt} className="font-semibold tabular-nums">
          {time}
        </time>
        <Link
          href={`/w/${slug}/stories/${story.id}`}
          className="min-w-0 truncate text-brand-700 hover:underline"
        >
          {story.title}
        </Link>
      </div>
      <div className="flex flex-wrap items-center gap-1">
        {/* Below the title, so the picture never takes the title's width in a narrow month cell. */}
        {story.cover ? (
          <FrameThumbnail frame={{ id: story.id, ...story.cover }} size={view === "month" ? "xs" : "sm"} />
        ) : null}
        <span className={`rounded-full px-1.5 text-[11px] font-medium ${status.style}`}>{status.label}</span>
        {story.reviewOverdue ? (
          <span
            data-testid="calendar-overdue"
            className="rounded-full bg-red-100 px-1.5 text-[11px] font-medium text-red-800"
          >
            Overdue: needed approval by {time}
          </span>
        ) : null}
        {showBrand ? <span className="text-zinc-600">{story.brandName}</span> : null}
      </div>
      {view !== "month" ? (
        <p className="text-zinc-600">
          {story.platforms.join(" · ")}
          {showBrand ? <span> · {story.timeZone}</span> : null}
          <ViewerTime instant={story.scheduledAt} storyZone={story.timeZone} />
        </p>
      ) : (
        <ViewerTime instant={story.scheduledAt} storyZone={story.timeZone} />
      )}
      <MoveForm story={story} slug={slug} movable={movable} onMove={onMove} />
    </li>
  );
}

/**
 * The keyboard (and no-JavaScript) way to move a story: a real form posting the same server
 * action, taken over by the optimistic path when scripts run.
 */
function MoveForm({
  story,
  slug,
  movable,
  onMove,
}: {
  story: BoardStory;
  slug: string;
  movable: boolean;
  onMove: (storyId: string, date: string) => void;
}) {
  const details = useRef<HTMLDetailsElement>(null);
  // Only the no-script path lands here; with scripts onSubmit hands the move to the board.
  const [state, formAction] = useActionState(
    moveStoryFormAction.bind(null, slug, story.id),
    initialActionState,
  );
  const inputId = `move-${story.id}`;
  const outcome = state.message ? (
    <p
      role={state.ok ? "status" : "alert"}
      data-testid="move-outcome"
      className={`mt-0.5 rounded px-1 ${state.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}
    >
      {state.ok ? state.message : `Not moved: ${state.message}`}
    </p>
  ) : null;
  // Rendered for every story, so a refusal still shows when the page comes back without the
  // control (the role changed while the page was open).
  if (!movable) return outcome;
  return (
    <>
      {outcome}
      <details ref={details} className="mt-0.5" onPointerDown={(event) => event.stopPropagation()}>
        <summary
          className="cursor-pointer text-[11px] text-brand-700"
          aria-label={`Move “${story.title}” to another date`}
        >
          Move
        </summary>
        <form
          action={formAction}
          data-move-story={story.id}
          className="absolute left-0 z-20 mt-1 flex w-56 flex-col gap-1 rounded-md border border-zinc-200 bg-white p-2 shadow-lg"
          onSubmit={(event) => {
            event.preventDefault();
            const date = String(new FormData(event.currentTarget).get("date") ?? "");
            if (details.current) details.current.open = false;
            onMove(story.id, date);
          }}
        >
          <label htmlFor={inputId} className="text-xs font-medium">
            New date for “{story.title}”
          </label>
          <input
            id={inputId}
            name="date"
            type="date"
            required
            defaultValue={dateOf(story)}
            className="rounded border border-zinc-300 px-2 py-1 text-sm"
          />
          <button type="submit" className="rounded-md bg-brand-600 px-2 py-1 text-sm font-medium text-white">
            Move
          </button>
        </form>
      </details>
    </>
  );
}
