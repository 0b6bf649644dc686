// A Radix dialog holding a form: focus trapped, Escape closes, errors shown next to their field.
import * as Dialog from '@radix-ui/react-dialog';
import { cloneElement, useId, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { z } from 'zod';
import { methods, type MethodName } from '../../shared/contract';

export function FormDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  submitLabel: string;
  busy?: boolean;
  error?: string | null;
  danger?: boolean;
  onSubmit: () => unknown;
  children?: ReactNode;
}) {
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby={props.description ? undefined : undefined}>
          <Dialog.Title className="dialog-title">{props.title}</Dialog.Title>
          {props.description ? <Dialog.Description className="dialog-description">{props.description}</Dialog.Description> : <Dialog.Description className="sr-only">{props.title}</Dialog.Description>}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void props.onSubmit();
            }}
          >
            <div className="form-fields">{props.children}</div>
            {props.error && (
              <p className="form-error" role="alert">
                {props.error}
              </p>
            )}
            <div className="dialog-actions">
              <Dialog.Close asChild>
                <button type="button">Cancel</button>
              </Dialog.Close>
              <button type="submit" className={props.danger ? 'danger' : 'primary'} disabled={props.busy}>
                {props.busy ? 'Working…' : props.submitLabel}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A labelled control; the label names it exactly, the error or hint describes it. */
export function Field(props: { label: string; error?: string; hint?: string; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const note = props.error ?? props.hint;
  const control = cloneElement(props.children, { id, 'aria-invalid': props.error ? true : undefined, 'aria-describedby': note ? `${id}-note` : undefined });
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label className="field-label" htmlFor={id}>{props.label}</label>
      {control}
      {note && <span id={`${id}-note`} className={props.error ? 'field-error' : 'field-hint'}>{note}</span>}
    </div>
  );
}

/** Validates a method's input with the contract's own schema; errors by top-level field. */
export function fieldErrors(schema: z.ZodType, input: unknown): Record<string, string> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? '_');
    out[key] ??= issue.message;
  }
  return out;
}
export const inputErrors = (method: MethodName, input: unknown) => fieldErrors(methods[method].input, input);

/** What a dialog's action answers: run() and the api both give this shape. */
export type Outcome = { ok: true } | { ok: false; error: { message: string } };

/**
 * The one submit logic of every dialog: field errors first (nothing is sent while there are
 * any), then the action with the dialog busy (a second press does nothing), then either done
 * (onDone, usually closing) or the host's error in words, with the dialog left open.
 */
export function useSubmit(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A ref, not the state: two presses within one render must not both send.
  const running = useRef(false);

  const submit = async (action: () => Promise<Outcome>, fieldErrs: Record<string, string> = {}): Promise<void> => {
    if (running.current) return;
    setErrors(fieldErrs);
    setError(null);
    if (Object.keys(fieldErrs).length) return;
    running.current = true;
    setBusy(true);
    let r: Outcome;
    try {
      r = await action();
    } catch (e) {
      r = { ok: false, error: { message: e instanceof Error ? e.message : String(e) } };
    }
    running.current = false;
    setBusy(false);
    if (r.ok) onDone();
    else setError(r.error.message);
  };
  const reset = () => {
    setErrors({});
    setError(null);
  };
  return { busy, error, errors, submit, reset, setError };
}
