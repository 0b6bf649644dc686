// How the window is arranged, remembered across sessions (localStorage): the minimap, lo drawn
// as boxes, the legend, the width of the details panel, the bottom panel open or not.
import { useCallback, useState } from 'react';

export interface ViewPrefs {
  minimap: boolean;
  showLo: boolean;
  legend: boolean;
  detailsWidth: number;
  /** null: open while there is something to show (an activity, a terminal); else as the person left it. */
  bottomOpen: boolean | null;
}

const KEY = 'netns-studio.view';
export const DETAILS_MIN = 300;
export const DETAILS_MAX = 760;

/** On a small window the minimap would sit on the boxes: off unless asked for. */
const defaults = (): ViewPrefs => ({
  minimap: typeof window !== 'undefined' && window.innerWidth >= 1680 && window.innerHeight >= 1000,
  showLo: false,
  legend: true,
  detailsWidth: 380,
  bottomOpen: null,
});

export const clampWidth = (w: number): number => Math.round(Math.min(DETAILS_MAX, Math.max(DETAILS_MIN, w)));

function load(): ViewPrefs {
  const d = defaults();
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<ViewPrefs>;
    return {
      minimap: typeof saved.minimap === 'boolean' ? saved.minimap : d.minimap,
      showLo: typeof saved.showLo === 'boolean' ? saved.showLo : d.showLo,
      legend: typeof saved.legend === 'boolean' ? saved.legend : d.legend,
      detailsWidth: typeof saved.detailsWidth === 'number' ? clampWidth(saved.detailsWidth) : d.detailsWidth,
      // The bottom panel starts as the content says each time; only the session remembers a choice.
      bottomOpen: null,
    };
  } catch {
    return d;
  }
}

export function useViewPrefs(): [ViewPrefs, (change: Partial<ViewPrefs>) => void] {
  const [prefs, setPrefs] = useState(load);
  const update = useCallback((change: Partial<ViewPrefs>) => {
    setPrefs((p) => {
      const next = { ...p, ...change };
      try {
        const { bottomOpen: _session, ...kept } = next;
        localStorage.setItem(KEY, JSON.stringify(kept));
      } catch {
        // storage full or refused: the choice lasts this session
      }
      return next;
    });
  }, []);
  return [prefs, update];
}
