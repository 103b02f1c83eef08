import { create } from 'zustand';
import type { StaffRole } from '@shared/contract';
import type { Approval, PrivilegedAction } from '@shared/staff/roles';

/**
 * Who is at the counter — UI state only. Staff records, lockouts and the
 * audit log live in Dexie; this store says which member signed in on this
 * window, whether the counter is locked, and which approval the override
 * dialog is waiting for. A reload signs everyone out (by design: the PIN is
 * asked again).
 */

export interface SessionMember {
  id: string;
  name: string;
  role: StaffRole;
}

export type LockReason = 'start' | 'signOut' | 'switchUser' | 'autoLock';

export interface ApprovalRequest {
  action: PrivilegedAction;
  forStaffId: string;
  resolve: (approval: Approval | null) => void;
}

export interface SessionState {
  /** The signed-in member, or null while locked. */
  member: SessionMember | null;
  /** Who was signed in before the counter locked (offered first for a quick return). */
  previous: SessionMember | null;
  lockReason: LockReason;
  approvalRequest: ApprovalRequest | null;
}

export interface SessionActions {
  signIn(member: SessionMember): void;
  lock(reason: Exclude<LockReason, 'start'>): void;
  /** Opens the manager override dialog; resolves with the approval, or null when cancelled. */
  requestApproval(action: PrivilegedAction): Promise<Approval | null>;
  settleApproval(approval: Approval | null): void;
  reset(): void;
}

const initial: SessionState = {
  member: null,
  previous: null,
  lockReason: 'start',
  approvalRequest: null,
};

export const useSessionStore = create<SessionState & SessionActions>()((set, get) => ({
  ...initial,
  signIn: (member) => set({ member, previous: null }),
  lock: (reason) => {
    const { member, approvalRequest } = get();
    approvalRequest?.resolve(null);
    // Lock and auto-lock offer the same member first on the sign-in screen; a switch does not.
    const previous = reason === 'switchUser' ? null : (member ?? get().previous);
    set({ member: null, previous, lockReason: reason, approvalRequest: null });
  },
  requestApproval: (action) => {
    const { member, approvalRequest } = get();
    if (!member) return Promise.resolve(null);
    approvalRequest?.resolve(null);
    return new Promise<Approval | null>((resolve) =>
      set({ approvalRequest: { action, forStaffId: member.id, resolve } }),
    );
  },
  settleApproval: (approval) => {
    get().approvalRequest?.resolve(approval);
    set({ approvalRequest: null });
  },
  reset: () => set(initial),
}));

/** Selectors. */
export const sessionSelectors = {
  member: (s: SessionState) => s.member,
  isLocked: (s: SessionState) => s.member === null,
  isManager: (s: SessionState) => s.member?.role === 'manager',
  approvalRequest: (s: SessionState) => s.approvalRequest,
};

export class NotSignedInError extends Error {
  readonly kind = 'not-signed-in' as const;
  constructor() {
    super('No staff member is signed in / 未登录');
    this.name = 'NotSignedInError';
  }
}

/** The acting staff member for a repository call; every mutation and audit row carries it. */
export function currentActor(): { staffId: string } {
  const member = useSessionStore.getState().member;
  if (!member) throw new NotSignedInError();
  return { staffId: member.id };
}
