import { storePolicySchema } from '../contract/entities';
import { describe, expect, it } from 'vitest';
import { autoLockMsFromPolicy, DEFAULT_AUTO_LOCK_MS, isIdle, MIN_AUTO_LOCK_MS } from './autolock';

describe('auto-lock policy', () => {
  it('defaults to five minutes and follows HQ policy within bounds', () => {
    expect(DEFAULT_AUTO_LOCK_MS).toBe(300_000);
    expect(autoLockMsFromPolicy(undefined)).toBe(300_000);
    expect(autoLockMsFromPolicy({ storeId: 'S001' })).toBe(300_000);
    expect(autoLockMsFromPolicy({ autoLockMinutes: 2 })).toBe(120_000);
    expect(autoLockMsFromPolicy({ autoLockMinutes: 0 })).toBe(300_000);
    expect(autoLockMsFromPolicy({ autoLockMinutes: '3' })).toBe(300_000);
    expect(autoLockMsFromPolicy({ autoLockMinutes: 0.01 })).toBe(MIN_AUTO_LOCK_MS);
  });

  it('is idle exactly at the deadline', () => {
    expect(isIdle(1000, 1000 + 299_999, 300_000)).toBe(false);
    expect(isIdle(1000, 1000 + 300_000, 300_000)).toBe(true);
  });
});

describe('store policy carries the idle time through the contract', () => {
  it('keeps autoLockMinutes when HQ sends it (zod would strip an unknown field)', () => {
    const policy = storePolicySchema.parse({
      storeId: 'S001',
      pickupGraceHours: 2,
      dueSoonMinutes: 30,
      cashDifferenceThresholdFen: 500,
      refundApprovalThresholdFen: 10_000,
      rounding: 'none',
      autoLockMinutes: 2,
    });
    expect(autoLockMsFromPolicy(policy)).toBe(120_000);
  });
});
