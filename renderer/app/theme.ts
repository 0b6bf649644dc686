// Light and dark: the system's choice by default, a toggle that remembers the person's.
import { useEffect, useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'netns-studio.theme';

export function useTheme() {
  const [choice, setChoice] = useState<ThemeChoice>(() => (localStorage.getItem(KEY) as ThemeChoice | null) ?? 'system');
  const [systemDark, setSystemDark] = useState(() => matchMedia('(prefers-color-scheme: dark)').matches);
  useEffect(() => {
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const on = () => setSystemDark(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  const dark = choice === 'dark' || (choice === 'system' && systemDark);
  useEffect(() => {
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    localStorage.setItem(KEY, choice);
  }, [dark, choice]);
  const cycle = () => setChoice((c) => (c === 'system' ? (systemDark ? 'light' : 'dark') : c === 'dark' ? 'light' : 'dark'));
  return { choice, dark, cycle, setChoice };
}
