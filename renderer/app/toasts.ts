// Notifications (connect, disconnect, failure...), shown by Radix Toast in Toasts.tsx.
import { createStore } from './store';

export interface Toast {
  id: number;
  title: string;
  body?: string;
  tone: 'info' | 'ok' | 'error';
}
export const toasts = createStore<Toast[]>([]);
let next = 1;
export function notify(title: string, body?: string, tone: Toast['tone'] = 'info'): void {
  toasts.set((l) => [...l.slice(-4), { id: next++, title, body, tone }]);
}
export const dismiss = (id: number) => toasts.set((l) => l.filter((t) => t.id !== id));
