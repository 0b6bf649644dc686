// Every action with its equivalent command and its result or error in words, newest first.
import { activityLog } from '../app/activity';
import { useStore } from '../app/store';
import { CommandLine } from './CommandLine';

export function ActivityLog() {
  const list = useStore(activityLog);
  if (list.length === 0) return <p className="empty">Nothing done yet. Every change you make shows here with its command.</p>;
  return (
    <ol className="activity" aria-live="polite">
      {[...list].reverse().map((a) => (
        <li key={a.id} className={`activity-item ${a.state}`} data-testid="activity-item">
          <div className="activity-head">
            <span className={`badge ${a.state}`}>{a.state === 'running' ? 'running' : a.state === 'ok' ? 'done' : a.state === 'rolled-back' ? 'rolled back' : 'failed'}</span>
            <span className="activity-title">{a.title}</span>
            <time>{new Date(a.at).toLocaleTimeString()}</time>
          </div>
          {a.command && <CommandLine command={a.command} />}
          {a.state === 'error' && <p className="activity-error">{a.message}</p>}
          {a.state === 'rolled-back' && <p className="activity-note">{a.message}</p>}
        </li>
      ))}
    </ol>
  );
}
