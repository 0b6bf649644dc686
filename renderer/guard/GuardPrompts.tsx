// The guard on screen: the confirm dialog that names the risk of a change that could cut this
// machine off (asked by run() in app/activity.ts), and "Keep this change?" with its countdown
// while the core's rollback timer runs. Mounted once, in App.
import { useEffect, useState } from 'react';
import './guard.css';
import { run } from '../app/activity';
import { useStore } from '../app/store';
import { useNow } from '../app/use-now';
import { Field, FormDialog } from '../dialogs/FormDialog';
import { forgetPending, guardQuestion, pendingChanges, rollbackSetting, saveRollbackSetting } from './guard-store';
import { recordResolved, syncGuard } from './sync';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ConfirmRisk() {
  const q = useStore(guardQuestion);
  const [seconds, setSeconds] = useState(String(rollbackSetting()));
  if (!q) return null;
  const n = Number(seconds);
  const bad = !Number.isInteger(n) || n < 1 || n > 600 ? 'a whole number of seconds from 1 to 600' : undefined;
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && q.answer(null)}
      title="This change could cut you off"
      danger
      submitLabel={q.canRollBack ? 'Apply with rollback' : 'Delete anyway'}
      description={
        <>
          <span className="guard-risk">{q.risk}.</span>{' '}
          {q.canRollBack
            ? 'It is applied, and undone by itself unless you press Keep in time (if this page loses its connection, it cannot).'
            : 'Nothing can bring a deleted interface back.'}
        </>
      }
      onSubmit={() => {
        if (!q.canRollBack) return q.answer({ rollbackSeconds: rollbackSetting() });
        if (bad) return;
        saveRollbackSetting(n);
        q.answer({ rollbackSeconds: n });
      }}
    >
      {q.command && <code className="guard-command">{q.command}</code>}
      {q.canRollBack && (
        <Field label="Roll back after (seconds)" error={bad} hint="unless you press Keep">
          <input inputMode="numeric" value={seconds} onChange={(e) => setSeconds(e.target.value)} />
        </Field>
      )}
    </FormDialog>
  );
}

// The seconds left, on a clock of its own that starts when the banner does: a clock kept while
// nothing was pending would show more than the chosen seconds on the first render.
function Countdown({ at }: { at: number }) {
  const now = useNow(500);
  return <span>(rolls back in {Math.max(0, Math.ceil((at - now) / 1000))} s)</span>;
}

function KeepBanner() {
  const list = useStore(pendingChanges);
  const active = list.length > 0;
  // While something may roll back, ask the core how it went (this also brings the news once the
  // connection is back).
  useEffect(() => {
    if (!active) return;
    let stop = false;
    void (async () => {
      // at once first: an answer that arrives late (the connection stalled) may be rolled back already
      while (!stop) {
        await syncGuard();
        await sleep(1000);
      }
    })();
    return () => {
      stop = true;
    };
  }, [active]);
  if (!active) return null;
  return (
    <div className="guard-banners">
      {list.map((p) => (
        <div key={p.id} className="guard-banner" role="alertdialog" aria-label="Keep this change?">
          <strong>Keep this change?</strong> <code>{p.command}</code> <Countdown at={p.rollsBackAt} />
          <button className="primary" onClick={() => void run('guard.keep', { id: p.id }, `Keep ${p.command}`).then((r) => r.ok && (forgetPending(p.id), recordResolved(r.value)))}>Keep</button>
          <button className="danger" onClick={() => void run('guard.rollback', { id: p.id }, `Roll back ${p.command}`).then((r) => r.ok && (forgetPending(p.id), recordResolved(r.value)))}>Roll back now</button>
        </div>
      ))}
    </div>
  );
}

export function GuardPrompts() {
  // On load: changes still pending, and what the core rolled back while no page was there.
  useEffect(() => void syncGuard(), []);
  return (
    <>
      <ConfirmRisk />
      <KeepBanner />
    </>
  );
}
