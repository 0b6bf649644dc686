// The time now, read again every `everyMs` while the component is mounted. It starts at the
// mount: a countdown mounted with what it counts never shows a clock that stood still.
import { useEffect, useState } from 'react';

export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(tick);
  }, [everyMs]);
  return now;
}
