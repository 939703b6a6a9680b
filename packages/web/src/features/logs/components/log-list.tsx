import {
  forwardRef,
  type ReactNode,
  type Ref,
  useCallback,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
} from 'react';
import { type ScrollerProps, Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { ViewEntry } from '../model/index.ts';
import { LogRow, type RowOptions } from './log-row.tsx';

/** Keys that scroll the focused list up. */
const UP_KEYS: ReadonlySet<string> = new Set(['ArrowUp', 'PageUp', 'Home']);

const LIST_STYLE = { position: 'absolute', inset: 0, height: 'auto' } as const;

// How near the bottom (px) counts as at the bottom: following again.
const AT_BOTTOM_PX = 24;
// How near the top (px) a reader who is not following counts as at the top: older lines page in.
const TOP_SLACK_PX = 4;

/** What the viewer may ask of the list: scroll to the newest line (and follow it again). */
export type LogListHandle = { jumpToLatest(): void };

type Props = {
  items: readonly ViewEntry[];
  options: RowOptions;
  following: boolean;
  /** Paused: the rows are held still, so nothing pins the view to their bottom. */
  paused?: boolean | undefined;
  onFollowingChange(following: boolean): void;
  /** Above the first row: where paging into older stored lines stands. */
  header?: ReactNode;
  /** The reader scrolled to the top (never while following the newest line). */
  onTopReached?: (() => void) | undefined;
  /** A row to bring into view once it is held (the line a stored view opens at). */
  focusId?: number | null | undefined;
};

// Virtuoso's index of the first row: far from zero, so rows put above it (older lines) count
// down from here and the rows on screen keep their index, hence their place.
const FIRST_INDEX = 1_000_000_000;

// Virtuoso's scroller, given the log role and a name. aria-live is off: with thousands of lines a
// second a live region would drown a screen reader; the line count status announces instead.
const Scroller = forwardRef(function Scroller(props: ScrollerProps, ref: Ref<HTMLDivElement>) {
  // Focusable so the keyboard can scroll it (arrows, Page Up/Down) once clicked or tabbed to.
  // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
  return <div {...props} ref={ref} role="log" aria-label="Log lines" aria-live="off" tabIndex={0} />;
});

type ListContext = { header: ReactNode };

// Static, so Virtuoso never remounts them; what the header shows comes through the context.
const COMPONENTS = {
  Scroller,
  Header: ({ context }: { context?: ListContext }) => <>{context?.header ?? null}</>,
};

/**
 * The virtualised list: only visible rows are in the DOM, so 100k lines cost what 50 do. It
 * follows the newest line until the user scrolls up, and again once they are back at the bottom.
 */
export const LogList = forwardRef(function LogList(
  { items, options, following, paused, onFollowingChange, header, onTopReached, focusId }: Props,
  ref: Ref<LogListHandle>,
) {
  const firstItemIndex = useFirstItemIndex(items);
  const virtuoso = useRef<VirtuosoHandle>(null);
  const scroller = useRef<HTMLElement | null>(null);
  const lastTop = useRef(0);
  const followingRef = useRef(following);
  followingRef.current = following;
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const topReachedRef = useRef(onTopReached);
  topReachedRef.current = onTopReached;

  // Once per focus: later changes to the rows must not pull the reader back.
  const focused = useRef<number | null>(null);
  useEffect(() => {
    if (focusId === null || focusId === undefined || focused.current === focusId) return;
    const index = items.findIndex((item) => item.id === focusId);
    if (index < 0) return;
    focused.current = focusId;
    // Now, not at the next render: the scroll below must not be pinned back to the bottom.
    followingRef.current = false;
    onFollowingChange(false);
    virtuoso.current?.scrollToIndex({ index, align: 'center', behavior: 'auto' });
  }, [focusId, items, onFollowingChange]);
  // A paused view holds still, following or not.
  const pinToBottom = useCallback(() => {
    const element = scroller.current;
    if (element && followingRef.current && !pausedRef.current) element.scrollTop = element.scrollHeight;
  }, []);

  const jumpToLatest = useCallback(() => {
    onFollowingChange(true);
    virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' });
  }, [onFollowingChange]);
  useImperativeHandle(ref, () => ({ jumpToLatest }), [jumpToLatest]);

  // Scrolling up is the user's intent to read: stop following. The wheel, touch and keys say so
  // the moment they happen; the scroll position alone is not enough, because a line arriving
  // before the scroll event lets the follow-to-bottom win the race and the reader snaps back.
  // Position still catches the scrollbar being dragged. Programmatic scrolls while following only
  // ever move down, so they never trip this.
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const stopFollowing = () => {
      if (!followingRef.current) return;
      followingRef.current = false;
      onFollowingChange(false);
    };
    const onScroll = () => {
      const top = element.scrollTop;
      if (top < lastTop.current - 4) stopFollowing();
      lastTop.current = top;
      // Virtuoso's startReached fires once per first index: if the first row was already drawn
      // while following (it is, when the rows held barely overfill the view), the reader's scroll
      // to the top later never fires it again. The scroll position says so every time; a load
      // already under way ignores the repeat.
      if (top <= TOP_SLACK_PX && !followingRef.current) topReachedRef.current?.();
    };
    // Asking to go up from the top scrolls nothing, so no scroll event says the top was reached.
    const upAtTop = () => {
      if (element.scrollTop <= TOP_SLACK_PX) topReachedRef.current?.();
    };
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY >= 0) return;
      stopFollowing();
      upAtTop();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (!UP_KEYS.has(event.key)) return;
      stopFollowing();
      upAtTop();
    };
    let touchY: number | undefined;
    const onTouchStart = (event: TouchEvent) => {
      touchY = event.touches[0]?.clientY;
    };
    const onTouchMove = (event: TouchEvent) => {
      const y = event.touches[0]?.clientY;
      // A finger moving down the screen scrolls the list up.
      if (y !== undefined && touchY !== undefined && y > touchY + 4) stopFollowing();
      touchY = y;
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    element.addEventListener('wheel', onWheel, { passive: true });
    element.addEventListener('keydown', onKeyDown);
    element.addEventListener('touchstart', onTouchStart, { passive: true });
    element.addEventListener('touchmove', onTouchMove, { passive: true });
    return () => {
      element.removeEventListener('scroll', onScroll);
      element.removeEventListener('wheel', onWheel);
      element.removeEventListener('keydown', onKeyDown);
      element.removeEventListener('touchstart', onTouchStart);
      element.removeEventListener('touchmove', onTouchMove);
    };
  }, [onFollowingChange]);

  return (
    <Virtuoso
      ref={virtuoso}
      className="log-list"
      // Virtuoso sets `position: relative` on its root; absolute placement gives the list the
      // frame's height, which a percentage height of a flex item does not.
      style={LIST_STYLE}
      data={items}
      scrollerRef={(element) => {
        scroller.current = element instanceof HTMLElement ? element : null;
      }}
      components={COMPONENTS}
      context={{ header }}
      firstItemIndex={firstItemIndex}
      startReached={() => {
        if (!followingRef.current) topReachedRef.current?.();
      }}
      computeItemKey={(_, entry) => entry.id}
      itemContent={(_, entry) => <LogRow entry={entry} options={options} />}
      // Following is done here rather than with Virtuoso's `followOutput`: that decides to follow
      // when new items arrive and scrolls a frame later, so a wheel turn in between was undone
      // and the reader snapped back to the bottom. Here the decision is taken when the height
      // has changed, against the reader's latest intent.
      totalListHeightChanged={pinToBottom}
      atBottomThreshold={AT_BOTTOM_PX}
      atBottomStateChange={(atBottom) => {
        if (!atBottom) {
          // Following, yet off the bottom: lines came in before the scroller had grown, so the
          // height change scrolled to the old bottom (the view then sat at the top of the held
          // lines until another line came). Pin it once the frame is drawn; a reader dragging the
          // scrollbar has stopped following by then.
          if (followingRef.current) requestAnimationFrame(pinToBottom);
          return;
        }
        if (!followingRef.current) onFollowingChange(true);
      }}
      initialTopMostItemIndex={focusId ? 0 : items.length > 0 ? items.length - 1 : 0}
      increaseViewportBy={{ top: 200, bottom: 200 }}
      defaultItemHeight={19}
    />
  );
});

/**
 * Virtuoso's `firstItemIndex`, lowered by the rows that came in above the previous first row
 * (older lines paged in), which is how Virtuoso keeps the rows on screen where they were.
 */
function useFirstItemIndex(items: readonly ViewEntry[]): number {
  const [state, setState] = useState({ first: FIRST_INDEX, firstId: items[0]?.id });
  const firstId = items[0]?.id;
  if (firstId !== state.firstId) {
    const previous = state.firstId === undefined ? -1 : items.findIndex((item) => item.id === state.firstId);
    const next = { first: previous > 0 ? state.first - previous : state.first, firstId };
    setState(next);
    return next.first;
  }
  return state.first;
}
