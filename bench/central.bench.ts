import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { AdminOrder, Mutation, Product } from '../shared/contract';
import { createCentral } from '../central/src/central';
import { testBackends } from '../central/src/testing';
import { median, result, type Benchmark, type BenchResult } from './harness';

/**
 * Reference central throughput over real HTTP (fastify on a loopback port):
 * push of `order.handOver` and `sale.completed` (with their business checks)
 * in batches of 100 and 1000, and pull of the whole feed, on PGlite and — when
 * LINLI_TEST_PG_URL or DATABASE_URL is set — on PostgreSQL.
 */

/**
 * Mutations per CPU-second of this process. On a shared, loaded machine wall-clock
 * rates mostly measure the neighbours; with PGlite the server, the database and the
 * client all run in this process, so this is what one uncontended core achieves.
 */
const cpuRate = (batch: number, cpuMs: number[]) => ({
  perCpuSecond: Math.round((batch * cpuMs.length * 1000) / cpuMs.reduce((s, c) => s + c, 0)),
});

const AUTH = { authorization: 'Bearer demo-key-T1', 'content-type': 'application/json' };

async function runOn(backend: ReturnType<typeof testBackends>[number]): Promise<BenchResult[]> {
  const label = backend.name === 'PGlite' ? 'pglite' : 'postgres';
  const budgeted = backend.name === 'PGlite';
  const { db, dispose } = await backend.open();
  const out: BenchResult[] = [];
  const { app } = await createCentral({
    db,
    enableAdmin: true,
    demo: { seed: 1, pinIterations: 1000, ordersS001: 200, ordersS002: 20 },
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    let seq = 0;
    const mutation = (type: Mutation['type'], payload: unknown): Mutation =>
      ({
        id: randomUUID(),
        seq: ++seq,
        type,
        payload,
        staffId: 'C01',
        createdAt: new Date().toISOString(),
      }) as Mutation;

    /** CPU time of this process (server, database and client all run here with PGlite). */
    let cpuMs = 0;
    const cpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };

    async function push(mutations: Mutation[]): Promise<number> {
      const c0 = cpu();
      const t0 = performance.now();
      const res = await fetch(`${base}/v1/stores/S001/mutations`, {
        method: 'POST',
        headers: AUTH,
        body: JSON.stringify({ terminalId: 'T1', mutations }),
      });
      const body = (await res.json()) as { results: { status: string }[] };
      const ms = performance.now() - t0;
      cpuMs = cpu() - c0;
      const applied = body.results.filter((r) => r.status === 'applied').length;
      if (applied !== mutations.length) throw new Error(`only ${applied}/${mutations.length} applied`);
      return ms;
    }

    async function arrivedOrders(count: number): Promise<AdminOrder[]> {
      const orders: AdminOrder[] = [];
      for (let done = 0; done < count; done += 1000) {
        const n = Math.min(1000, count - done);
        const res = await fetch(`${base}/v1/_admin/stores/S001/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ orders: Array.from({ length: n }, () => ({ status: 'arrived' })) }),
        });
        if (!res.ok) throw new Error(`admin create: ${res.status} ${await res.text()}`);
        orders.push(...((await res.json()) as { orders: AdminOrder[] }).orders);
      }
      return orders;
    }

    const feed = (await (
      await fetch(`${base}/v1/stores/S001/changes?limit=5000`, { headers: AUTH })
    ).json()) as { changes: { entity: string; data: unknown }[] };
    const products = feed.changes.filter((c) => c.entity === 'product').map((c) => c.data as Product);
    let pick = 0;
    const sale = (): Mutation => {
      const lines = Array.from({ length: 1 + (pick % 3) }, () => {
        const p = products[pick++ % products.length]!;
        const qty = p.weighed ? 0.5 : 2;
        const weightGrams = p.weighed ? 500 : undefined;
        const amountFen = p.weighed ? Math.round((p.priceFen * 500) / 1000) : p.priceFen * 2;
        return {
          sku: p.sku,
          name: p.name,
          qty,
          ...(weightGrams ? { weightGrams } : {}),
          unitPriceFen: p.priceFen,
          amountFen,
        };
      });
      const total = lines.reduce((s, l) => s + l.amountFen, 0);
      return mutation('sale.completed', {
        saleId: randomUUID(),
        receiptNo: `T1-${seq}`,
        lines,
        totalFen: total,
        tenders: [{ method: 'cash', amountFen: total, tenderedFen: total + 50, changeFen: 50 }],
      });
    };

    for (const batch of [100, 1000]) {
      const rounds = batch === 100 ? 20 : 5;
      // handovers: fresh arrived orders, one per mutation (+1 warm-up batch)
      const orders = await arrivedOrders(batch * (rounds + 1));
      const handOvers = orders.map((o) => mutation('order.handOver', { orderId: o.id, verifiedBy: 'token' }));
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let r = 0; r <= rounds; r++) {
        const ms = await push(handOvers.slice(r * batch, (r + 1) * batch));
        if (r > 0) times.push(ms);
        if (r > 0) cpuTimes.push(cpuMs);
      }
      const total = times.reduce((s, t) => s + t, 0);
      out.push(
        result(
          `push.handOver.batch${batch}.${label}`,
          (batch * rounds * 1000) / total,
          'mutations/s',
          budgeted && batch === 1000 ? { min: 8000 } : undefined,
          {
            batches: rounds,
            medianBatchMs: Math.round(median(times) * 10) / 10,
            ...cpuRate(batch, cpuTimes),
          },
        ),
      );
      const saleTimes: number[] = [];
      const saleCpu: number[] = [];
      for (let r = 0; r <= rounds; r++) {
        const ms = await push(Array.from({ length: batch }, sale));
        if (r > 0) saleTimes.push(ms);
        if (r > 0) saleCpu.push(cpuMs);
      }
      const saleTotal = saleTimes.reduce((s, t) => s + t, 0);
      out.push(
        result(
          `push.saleCompleted.batch${batch}.${label}`,
          (batch * rounds * 1000) / saleTotal,
          'mutations/s',
          budgeted && batch === 1000 ? { min: 8000 } : undefined,
          {
            batches: rounds,
            medianBatchMs: Math.round(median(saleTimes) * 10) / 10,
            ...cpuRate(batch, saleCpu),
          },
        ),
      );
    }

    // pull: the whole S001 feed in pages of 5000, three times, best kept out of noise via the median
    const pulls: { changes: number; ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < 3; i++) {
      let cursor = '';
      let changes = 0;
      const c0 = cpu();
      const t0 = performance.now();
      for (;;) {
        const res = await fetch(
          `${base}/v1/stores/S001/changes?limit=5000&cursor=${encodeURIComponent(cursor)}`,
          {
            headers: AUTH,
          },
        );
        // the server's throughput: the client reads the page text without parsing every
        // change (parsing 5 MB pages is the app's cost, measured by its own B4 benchmark)
        const text = await res.text();
        const tail = /"cursor":"([^"]*)","hasMore":(true|false)\}$/.exec(text);
        if (!res.ok || !tail) throw new Error(`pull: ${res.status} ${text.slice(0, 200)}`);
        const page = { cursor: tail[1] ?? '', hasMore: tail[2] === 'true' };
        changes += text.split('{"entity":').length - 1;
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      pulls.push({ changes, ms: performance.now() - t0, cpuMs: cpu() - c0 });
    }
    const rates = pulls.map((p) => (p.changes * 1000) / p.ms);
    out.push(
      result(`pull.${label}`, median(rates), 'changes/s', budgeted ? { min: 20000 } : undefined, {
        changes: pulls[0]?.changes,
        pageSize: 5000,
        // changes per CPU-second of this process: what one uncontended core does (PGlite is in-process)
        perCpuSecond: Math.round(median(pulls.map((p) => (p.changes * 1000) / p.cpuMs))),
      }),
    );
  } finally {
    await app.close();
    await dispose();
  }
  return out;
}

export const benchmarks: Benchmark[] = [
  {
    id: 'central',
    title:
      'Reference central: push (handOver, sale.completed; batch 100/1000) and pull throughput, PGlite and PostgreSQL',
    async run() {
      const results: BenchResult[] = [];
      for (const backend of testBackends(process.env, process.env.DATABASE_URL))
        results.push(...(await runOn(backend)));
      return results;
    },
  },
];
