import { beforeEach, describe, expect, it } from 'vitest';
import { currentActor, NotSignedInError, useSessionStore } from './sessionStore';

const clerk = { id: 'C01', name: '王芳', role: 'clerk' as const };
const store = () => useSessionStore.getState();

describe('session store', () => {
  beforeEach(() => store().reset());

  it('gives repositories the signed-in actor, and refuses when nobody is signed in', () => {
    expect(() => currentActor()).toThrow(NotSignedInError);
    store().signIn(clerk);
    expect(currentActor()).toEqual({ staffId: 'C01' });
  });

  it('remembers who was signed in across a lock, not across a user switch', () => {
    store().signIn(clerk);
    store().lock('autoLock');
    expect(store()).toMatchObject({ member: null, previous: clerk, lockReason: 'autoLock' });
    store().signIn(clerk);
    store().lock('switchUser');
    expect(store()).toMatchObject({ member: null, previous: null });
  });

  it('settles an approval request once, and a lock cancels a pending one', async () => {
    expect(await store().requestApproval('closeDay')).toBeNull();
    store().signIn(clerk);
    const first = store().requestApproval('closeDay');
    expect(store().approvalRequest).toMatchObject({ action: 'closeDay', forStaffId: 'C01' });
    const approval = { id: 'a', by: 'M01', action: 'closeDay' as const, at: '2026-11-24T08:00:00.000Z' };
    store().settleApproval(approval);
    expect(await first).toBe(approval);
    expect(store().approvalRequest).toBeNull();

    const second = store().requestApproval('returnToStock');
    store().lock('autoLock');
    expect(await second).toBeNull();
  });
});
