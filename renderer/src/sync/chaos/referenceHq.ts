/**
 * The reference central in-process for renderer tests (fastify + PGlite in
 * memory, listening on 127.0.0.1:0, admin endpoints on). Renderer code must
 * never import central/ (lint boundary): it is loaded by path at run time,
 * as a test fixture standing in for HQ.
 */
import type { AdminCreateOrder, AdminOrder, Faults } from '@shared/contract';
import { API_PATHS } from '@shared/contract';

export interface CentralDb {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  close(): Promise<void>;
}
interface CentralApp {
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<void>;
}
interface CentralModules {
  db: { openPglite(): Promise<CentralDb> };
  demo: { seedDemo(db: CentralDb, options: Record<string, unknown>): Promise<unknown> };
  server: {
    createCentral(options: { db: CentralDb; enableAdmin: boolean; random?: () => number }): CentralApp;
  };
}

const centralSrc = '../../../../central/src/';

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
  const central: CentralModules = {
    db: (await import(/* @vite-ignore */ `${centralSrc}db`)) as CentralModules['db'],
    demo: (await import(/* @vite-ignore */ `${centralSrc}demo`)) as CentralModules['demo'],
    server: (await import(/* @vite-ignore */ `${centralSrc}server`)) as CentralModules['server'],
  };
  const db = await central.db.openPglite();
  await central.demo.seedDemo(db, {
    seed: 1,
    now: new Date(),
    pinIterations: 1_000,
    ordersS001: options.ordersS001 ?? 20,
    ordersS002: 2,
  });
  const app = central.server.createCentral({
    db,
    enableAdmin: true,
    ...(options.random ? { random: options.random } : {}),
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });

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
      await app.close();
      await db.close();
    },
  };
}
