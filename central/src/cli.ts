import { parseArgs } from 'node:util';
import { openDb } from './db';
import { DEMO_STAFF, DEMO_TERMINALS, isSeeded, seedDemo } from './demo';
import { createCentral } from './server';

/**
 * npm run central -- [--port 8787] [--host 127.0.0.1] [--memory] [--data-dir DIR]
 *                    [--enable-admin] [--seed N] [--reset] [--cors-origin URL …]
 * With DATABASE_URL set, stores in that PostgreSQL server instead of PGlite.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    memory: { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.central-data' },
    'enable-admin': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    reset: { type: 'boolean', default: false },
    'cors-origin': { type: 'string', multiple: true },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(
    'npm run central -- [--port 8787] [--host 127.0.0.1] [--memory] [--data-dir DIR] [--enable-admin] [--seed N] [--reset] [--cors-origin URL]',
  );
  process.exit(0);
}

const databaseUrl = process.env.DATABASE_URL;
const seed = Number(values.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);

const db = await openDb({ databaseUrl, dataDir: values['data-dir'], memory: values.memory });
if (values.reset) {
  await db.exec(
    'TRUNCATE entities, order_secrets, mutations, sales, shifts, day_closes, pickup_keys, meta, terminals, stores CASCADE',
  );
}
if (!(await isSeeded(db))) {
  const summary = await seedDemo(db, { seed, now: new Date() });
  console.log(
    `seeded demo data (seed ${seed}): ${summary.products} products, ${summary.slots} slots, orders ${JSON.stringify(summary.orders)}`,
  );
} else {
  console.log('using existing data (--reset to reseed today’s demo orders)');
}

const app = createCentral({
  db,
  enableAdmin: values['enable-admin'],
  ...(values['cors-origin']?.length ? { corsOrigins: values['cors-origin'] } : {}),
});
const address = await app.listen({ port: Number(values.port), host: values.host });
const where = databaseUrl
  ? 'PostgreSQL (DATABASE_URL)'
  : values.memory
    ? 'PGlite in memory'
    : `PGlite in ${values['data-dir']}`;
console.log(
  `Linli central listening on ${address} — storage: ${where}${values['enable-admin'] ? ', admin on' : ''}`,
);
console.log(`terminals: ${DEMO_TERMINALS.map((t) => `${t.id}@${t.storeId} key ${t.key}`).join('; ')}`);
console.log(
  `staff: ${DEMO_STAFF.map((s) => `${s.name} ${s.id} (${s.role}) badge LS-${s.id} PIN ${s.pin}`).join('; ')}`,
);

const stop = async () => {
  await app.close();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
