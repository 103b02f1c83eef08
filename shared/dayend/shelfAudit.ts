/**
 * Shelf audit: the clerk scans, slot by slot, the bags that are there. What
 * the shelf should hold comes from the local occupancy; every difference is an
 * exception the manager resolves.
 */

export interface ExpectedBag {
  slotId: string;
  orderId: string;
  bagLabel: string;
}

export interface ScannedBag {
  /** The slot being audited when the bag was scanned. */
  slotId: string;
  bagLabel: string;
}

export type ShelfAuditException =
  | { kind: 'missing'; slotId: string; orderId: string; bagLabel: string }
  | { kind: 'wrongSlot'; slotId: string; expectedSlotId: string; orderId: string; bagLabel: string }
  | { kind: 'unexpected'; slotId: string; bagLabel: string };

export interface ShelfAuditResult {
  /** Bags found where they should be. */
  confirmed: number;
  exceptions: ShelfAuditException[];
}

/**
 * Compares what was scanned in `auditedSlots` with what should be there. A bag
 * expected in an audited slot and not scanned anywhere is missing; scanned in
 * another slot it is in the wrong slot; a scanned bag no order expects on this
 * shelf is unexpected. Slots not audited are not judged.
 */
export function auditShelf(
  expected: readonly ExpectedBag[],
  scanned: readonly ScannedBag[],
  auditedSlots: ReadonlySet<string>,
): ShelfAuditResult {
  const expectedByBag = new Map(expected.map((b) => [b.bagLabel, b]));
  const scannedByBag = new Map<string, ScannedBag>();
  for (const s of scanned) scannedByBag.set(s.bagLabel, s);
  let confirmed = 0;
  const exceptions: ShelfAuditException[] = [];
  for (const s of scannedByBag.values()) {
    const want = expectedByBag.get(s.bagLabel);
    if (!want) exceptions.push({ kind: 'unexpected', slotId: s.slotId, bagLabel: s.bagLabel });
    else if (want.slotId === s.slotId) confirmed += 1;
    else
      exceptions.push({
        kind: 'wrongSlot',
        slotId: s.slotId,
        expectedSlotId: want.slotId,
        orderId: want.orderId,
        bagLabel: s.bagLabel,
      });
  }
  for (const b of expected)
    if (auditedSlots.has(b.slotId) && !scannedByBag.has(b.bagLabel))
      exceptions.push({ kind: 'missing', slotId: b.slotId, orderId: b.orderId, bagLabel: b.bagLabel });
  return { confirmed, exceptions };
}
