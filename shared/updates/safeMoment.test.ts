import { describe, expect, it } from 'vitest';
import { updateBlockedBy } from './safeMoment';

describe('the safe moment to install an update', () => {
  it('never mid-sale, whatever else holds', () => {
    expect(updateBlockedBy({ saleOpen: true, pendingCount: 0, dayClosed: true })).toBe('saleOpen');
    expect(updateBlockedBy({ saleOpen: true, pendingCount: 3, dayClosed: false })).toBe('saleOpen');
  });
  it('with uploads pending only once the day is closed', () => {
    expect(updateBlockedBy({ saleOpen: false, pendingCount: 1, dayClosed: false })).toBe('pending');
    expect(updateBlockedBy({ saleOpen: false, pendingCount: 1, dayClosed: true })).toBeNull();
  });
  it('with nothing open and nothing pending', () => {
    expect(updateBlockedBy({ saleOpen: false, pendingCount: 0, dayClosed: false })).toBeNull();
  });
});
