// A real shell inside a namespace: xterm.js here, a pseudo-terminal in the core, bytes through
// terminal.write / terminal.output.
import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { api } from '../app/api';
import { run } from '../app/activity';

export function TerminalView({ namespace, label, active }: { namespace: string; label: string; active: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const [status, setStatus] = useState<string>('starting…');

  useEffect(() => {
    // A terminal stays dark in both themes, as terminals do; the colours are set, not inherited.
    const term = new Terminal({ fontFamily: 'ui-monospace, monospace', fontSize: 13, cursorBlink: true, theme: { background: '#0d1117', foreground: '#e6edf3', cursor: '#e6edf3' } });
    const fit = new FitAddon();
    fitRef.current = fit;
    term.loadAddon(fit);
    term.open(host.current!);
    fit.fit();
    let id: string | null = null;
    let closed = false;
    const early: string[] = [];
    const offOut = api.subscribe('terminal.output', (e) => {
      if (id === null) early.push(e.data);
      else if (e.id === id) term.write(e.data);
    });
    const offExit = api.subscribe('terminal.exit', (e) => {
      if (e.id !== id) return;
      setStatus(`exited${e.exitCode !== null ? ` with code ${e.exitCode}` : e.signal ? ` (${e.signal})` : ''}`);
      id = null;
    });
    void run('terminal.open', { namespace, cols: term.cols, rows: term.rows }, `Open terminal in ${label}`).then((r) => {
      if (closed) {
        if (r.ok) void api['terminal.close']({ id: r.value.id });
        return;
      }
      if (!r.ok) return setStatus(r.error.message);
      id = r.value.id;
      setStatus('running');
      term.focus();
    });
    const onData = term.onData((data) => id && void api['terminal.write']({ id, data }));
    const onResize = term.onResize(({ cols, rows }) => id && void api['terminal.resize']({ id, cols, rows }));
    const ro = new ResizeObserver(() => fit.fit());
    ro.observe(host.current!);
    return () => {
      closed = true;
      ro.disconnect();
      onData.dispose();
      onResize.dispose();
      offOut();
      offExit();
      if (id) void api['terminal.close']({ id });
      term.dispose();
    };
  }, [namespace, label]);

  useEffect(() => {
    if (active) requestAnimationFrame(() => fitRef.current?.fit());
  }, [active]);

  return (
    <div className="terminal-wrap">
      <div className="terminal-status muted">{label}: {status}</div>
      <div className="terminal" ref={host} data-testid="terminal" />
    </div>
  );
}
