// The guard's part of the contract: what a guarded call may say, refused with the field and the rule.
import { describe, expect, it } from 'vitest';
import { methods } from './contract';
import { isGuardedMethod } from './guard';
import { zodErrorInfo } from './result';

const refusal = (input: unknown) => {
  const r = methods['link.set'].input.safeParse(input);
  return r.success ? null : zodErrorInfo(r.error, 'input');
};
const base = { namespace: 'pid:1', link: 'eth0', up: false };

describe('the guard field', () => {
  it('fills in an unconfirmed 30 s rollback', () => {
    expect(methods['link.set'].input.parse({ ...base, guard: {} })).toMatchObject({ guard: { confirmed: false, rollbackSeconds: 30 } });
  });

  it.each([
    [{ rollbackSeconds: 0 }, 'input.guard.rollbackSeconds', 'at least 1'],
    [{ rollbackSeconds: 601 }, 'input.guard.rollbackSeconds', 'at most 600'],
    [{ rollbackSeconds: 2.5 }, 'input.guard.rollbackSeconds', 'whole number'],
    [{ confirmed: 'yes' }, 'input.guard.confirmed', 'true or false'],
    [{ servedVia: 'example.org' }, 'input.guard.servedVia', 'not an IPv4 or IPv6 address'],
    [{ sneaky: 1 }, 'input.guard', 'unknown field: sneaky'],
  ])('refuses %j with the field and the rule', (guard, field, rule) => {
    const r = refusal({ ...base, guard });
    expect(r?.field).toBe(field);
    expect(r?.message).toContain(rule);
  });

  it('is taken by exactly the methods that can take an interface away from its traffic', () => {
    for (const m of ['link.set', 'link.move', 'link.delete', 'address.delete']) expect(isGuardedMethod(m)).toBe(true);
    for (const m of ['address.add', 'route.delete', 'namespace.delete']) expect(isGuardedMethod(m)).toBe(false);
    expect(methods['address.add'].input.safeParse({ namespace: 'a', link: 'b', address: '10.0.0.1/24', guard: {} }).success).toBe(false);
  });
});
