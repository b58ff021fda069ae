// Pure geometry of the diagram panel: how large to draw a diagram, and
// where to scroll so that the current step stays in view.

// fitScale returns the diagram's scale in screen pixels per SVG unit: the
// whole diagram in the panel (avail), but never so small that its
// smallest text (minFont, SVG units) is below minPx on screen, and never
// above maxScale. A diagram wider than that scrolls, and the page keeps
// the current step in view.
export function fitScale({ width, height, availW, availH, minFont = 14, minPx = 12, maxScale = 2 }) {
  const fit = Math.min(availW / width, availH > 0 ? availH / height : Infinity);
  return Math.max(minPx / minFont, Math.min(fit, maxScale));
}

// clampZoom bounds a zoomed scale: down to a tenth of the readable scale
// (for an overview), up to 8 times it.
export function clampZoom(scale, readable) {
  return Math.min(Math.max(scale, readable / 10), readable * 8);
}

// scrollToShow returns the scroll position (left, top) nearest to the
// current one (view) at which box (content coordinates) is inside view
// with margin around it; a box larger than the view is centred.
export function scrollToShow(box, view, margin = 16) {
  const axis = (start, size, vStart, vSize) => {
    if (size + 2 * margin > vSize) return start + size / 2 - vSize / 2;
    if (start - margin < vStart) return start - margin;
    if (start + size + margin > vStart + vSize) return start + size + margin - vSize;
    return vStart;
  };
  return {
    left: Math.max(0, axis(box.x, box.w, view.left, view.width)),
    top: Math.max(0, axis(box.y, box.h, view.top, view.height)),
  };
}
