// The polkit action the desktop host's pkexec asks for (build/polkit): what the password dialog
// tells the person must be what approving grants, and the approval must not outlive the helper.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// comments left out: they may name what the action does not do
const policy = readFileSync(join(__dirname, '..', '..', 'build', 'polkit', 'org.netnsstudio.core.policy'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
const element = (name: string) => [...policy.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]!);

describe('the polkit action org.netnsstudio.core', () => {
  it('says that approving lets the helper run any program as root in any namespace', () => {
    const [message] = element('message');
    expect(message).toMatch(/any program as root/);
    expect(message).toMatch(/any network namespace/);
    expect(message).toMatch(/machine's own/);
    expect(element('description')[0]).toMatch(/as root/);
  });

  it('asks for an administrator every time the helper starts, and remembers nothing', () => {
    expect([...element('allow_any'), ...element('allow_inactive'), ...element('allow_active')]).toEqual(['auth_admin', 'auth_admin', 'auth_admin']);
    expect(policy).not.toMatch(/auth_admin_keep|>yes</);
  });
});
