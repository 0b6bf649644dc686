// Radix toasts for the notifications in toasts.ts.
import * as Toast from '@radix-ui/react-toast';
import { dismiss, toasts } from './toasts';
import { useStore } from './store';

export function Toasts() {
  const list = useStore(toasts);
  return (
    <Toast.Provider duration={6000}>
      {list.map((t) => (
        <Toast.Root key={t.id} className={`toast ${t.tone}`} onOpenChange={(o) => !o && dismiss(t.id)} data-testid="toast">
          <Toast.Title className="toast-title">{t.title}</Toast.Title>
          {t.body && <Toast.Description className="toast-body">{t.body}</Toast.Description>}
          <Toast.Close className="icon-button" aria-label="Dismiss">×</Toast.Close>
        </Toast.Root>
      ))}
      <Toast.Viewport className="toast-viewport" />
    </Toast.Provider>
  );
}
