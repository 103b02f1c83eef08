/**
 * Looking an order up at HQ when it is not on this terminal (older than the
 * history window, or not pulled yet): what a scan or typed text asks HQ, and
 * the read-only request itself, checked against the contract.
 */
import type { ParsedCode } from '@shared/codes/parse';
import {
  API_PATHS,
  type Order,
  type OrderLookupQuery,
  orderLookupResponseSchema,
  pickupCodeHash,
} from '@shared/contract';
import { type HqClientOptions, hqRequest, SyncFailure } from './http';

/** What to ask HQ for a scan that found nothing here; null when HQ cannot help (a product, a badge…). */
export async function hqQueryFor(parsed: ParsedCode, storeId: string): Promise<OrderLookupQuery | null> {
  switch (parsed.kind) {
    case 'pickupCode':
      // The plain code never leaves the terminal: HQ matches the same hash the feed carries.
      return { codeHash: await pickupCodeHash(storeId, parsed.code) };
    case 'orderNumber':
    case 'bagLabel':
      return { orderNo: parsed.orderNumber };
    default:
      return null;
  }
}

/** Rejects with a `SyncFailure` (network, unauthorised, invalid-response…) when HQ cannot answer. */
export async function lookupOrdersAtHq(
  client: HqClientOptions,
  storeId: string,
  query: OrderLookupQuery,
): Promise<Order[]> {
  const params = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const body = await hqRequest(client, 'GET', `${API_PATHS.orderLookup(storeId)}?${params.toString()}`);
  const parsed = orderLookupResponseSchema.safeParse(body);
  if (!parsed.success)
    throw new SyncFailure('invalid-response', `order lookup breaks the contract: ${parsed.error.message}`);
  // Only this store's orders, whatever HQ sent.
  return parsed.data.orders.filter((o) => o.storeId === storeId);
}
