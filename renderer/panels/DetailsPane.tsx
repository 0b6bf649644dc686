// The details side panel: beside the canvas (the canvas narrows, nothing is covered), its width
// set by dragging its left edge or with the arrow keys there, and remembered.
import { useRef, type ReactNode } from 'react';
import { clampWidth, DETAILS_MAX, DETAILS_MIN } from './view-prefs';

export function DetailsPane(props: { width: number; onWidth: (w: number) => void; onClose: () => void; children: ReactNode }) {
  const drag = useRef<{ x: number; w: number } | null>(null);
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, w: props.width };
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    // The panel is on the right: moving its left edge left makes it wider.
    if (drag.current) props.onWidth(clampWidth(drag.current.w + drag.current.x - e.clientX));
  };
  const end = () => {
    drag.current = null;
  };
  return (
    <aside className="details-pane" aria-label="Details" style={{ width: props.width }}>
      <div
        className="resize-handle"
        role="separator"
        aria-orientation="vertical"
        aria-label="Width of the details panel"
        aria-valuemin={DETAILS_MIN}
        aria-valuemax={DETAILS_MAX}
        aria-valuenow={props.width}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={end}
        onPointerCancel={end}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') props.onWidth(clampWidth(props.width + 20));
          else if (e.key === 'ArrowRight') props.onWidth(clampWidth(props.width - 20));
        }}
      />
      <div className="details-scroll">
        <button className="icon-button close" aria-label="Close details" onClick={props.onClose}>×</button>
        {props.children}
      </div>
    </aside>
  );
}
