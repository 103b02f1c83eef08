/**
 * The reference central in-process for renderer tests (fastify + PGlite in
 * memory, listening on 127.0.0.1:0, admin endpoints on), through the same
 * `createCentral()` as the CLI and the in-app demo HQ. A test harness: the
 * lint boundary lets test files and this file (compiled with the tests only,
 * see tsconfig.test.json) import central/; the app itself never does.
 */
import type { AdminCreateOrder, AdminOrder, Faults } from '@shared/contract';
import { API_PATHS } from '@shared/contract';
import { createCentral } from '../../../../central/src/central';

export interface CentralDb {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  close(): Promise<void>;
}

export interface TestCentral {
  url: string;
  db: CentralDb;
  admin<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  setFaults(faults: Partial<Faults>): Promise<void>;
  clearFaults(): Promise<void>;
  /** Creates orders already arrived at the store (ready for put-away or handover). */
  createArrivedOrders(storeId: string, count: number): Promise<AdminOrder[]>;
  close(): Promise<void>;
}

export async function startTestCentral(
  options: { ordersS001?: number; random?: () => number } = {},
): Promise<TestCentral> {
  const central = await createCentral({
    memory: true,
    enableAdmin: true,
    demo: { seed: 1, pinIterations: 1_000, ordersS001: options.ordersS001 ?? 20, ordersS002: 2 },
    ...(options.random ? { random: options.random } : {}),
  });
  const { db } = central;
  const url = await central.app.listen({ port: 0, host: '127.0.0.1' });

  async function admin<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, url), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  return {
    url,
    db,
    admin,
    async setFaults(faults) {
      await admin('POST', API_PATHS.adminFaults, faults);
    },
    async clearFaults() {
      await admin('DELETE', API_PATHS.adminFaults);
    },
    async createArrivedOrders(storeId, count) {
      const orders: AdminCreateOrder[] = Array.from({ length: count }, () => ({ status: 'arrived' }));
      return (await admin<{ orders: AdminOrder[] }>('POST', API_PATHS.adminOrders(storeId), { orders }))
        .orders;
    },
    async close() {
      await central.close();
    },
  };
}
