import { type DayTotalsResponse, dayTotalsPath, dayTotalsResponseSchema } from '@shared/contract';
import type { Settings } from '@shared/settings';
import { hqRequest, SyncFailure } from '../../sync/http';

/**
 * HQ's own totals for a business day (computed from what it received). A
 * response that breaks the contract is refused like any other.
 */
export async function fetchHqDayTotals(
  settings: Pick<Settings, 'hqUrl' | 'apiKey' | 'storeId'>,
  businessDate: string,
  fetchFn: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<DayTotalsResponse> {
  const body = await hqRequest(
    { hqUrl: settings.hqUrl, apiKey: () => settings.apiKey, fetch: fetchFn, timeoutMs: 8_000 },
    'GET',
    dayTotalsPath(settings.storeId, businessDate),
  );
  const parsed = dayTotalsResponseSchema.safeParse(body);
  if (!parsed.success) throw new SyncFailure('invalid-response', 'HQ day totals break the contract');
  return parsed.data;
}
