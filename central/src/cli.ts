import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createCentral, isProvisioned } from './central';
import { openDb } from './db';
import { DEMO_STAFF, DEMO_TERMINALS } from './demo';
import { addSigningKey, retireSigningKey, signingSeedFromText } from './keys';
import { addTerminal, provision, ProvisionError, provisionFileSchema, revokeTerminal } from './provision';

const USAGE = `npm run central -- [serve] [--demo [--seed N] [--reset]] [--port 8787] [--host 127.0.0.1]
        [--memory | --data-dir DIR] [--enable-admin] [--cors-origin URL …] [--public-url URL]
        [--tls-cert FILE --tls-key FILE] [--log-level info] [--log-file FILE] [--signing-key-file FILE]
npm run central -- init FILE.json [--data-dir DIR] [--signing-key-file FILE]
npm run central -- add-terminal STORE ID NAME
npm run central -- revoke-terminal STORE ID
npm run central -- rotate-key [--publish-hours 24] [--signing-key-file FILE]
npm run central -- retire-key KID
With DATABASE_URL set, the data lives in that PostgreSQL server instead of PGlite.
LINLI_SIGNING_KEY (an Ed25519 PKCS#8 PEM or base64 seed) stands for --signing-key-file.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    memory: { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.central-data' },
    'enable-admin': { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    reset: { type: 'boolean', default: false },
    'cors-origin': { type: 'string', multiple: true },
    'public-url': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
    'log-file': { type: 'string' },
    'signing-key-file': { type: 'string' },
    'publish-hours': { type: 'string', default: '24' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const databaseUrl = process.env.DATABASE_URL;
const storage = {
  ...(databaseUrl ? { databaseUrl } : {}),
  dataDir: values['data-dir'],
  memory: values.memory,
};
const [command = 'serve', ...args] = positionals;

function signingSeed(): Uint8Array | undefined {
  const file = values['signing-key-file'];
  const text = file ? readFileSync(file, 'utf8') : process.env.LINLI_SIGNING_KEY;
  return text ? signingSeedFromText(text) : undefined;
}

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDb>>) => Promise<T>): Promise<T> {
  const db = await openDb(storage);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

try {
  switch (command) {
    case 'serve':
      await serve();
      break;
    case 'init': {
      const [file] = args;
      if (!file) fail(`init needs a JSON file\n${USAGE}`);
      const parsed = provisionFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success)
        fail(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const seed = signingSeed();
      const result = await withDb((db) =>
        provision(db, parsed.data, { now: new Date(), ...(seed ? { signingSeed: seed } : {}) }),
      );
      console.log(
        `provisioned ${parsed.data.stores.map((s) => s.id).join(', ')}; signing key ${result.signingKid}`,
      );
      console.log('Terminal keys — shown this once, HQ keeps only their hash. Enter each in its terminal:');
      for (const t of result.terminals) console.log(`  ${t.storeId} ${t.id} (${t.name}): ${t.key}`);
      break;
    }
    case 'add-terminal': {
      const [store, id, name] = args;
      if (!store || !id || !name) fail(`add-terminal STORE ID NAME\n${USAGE}`);
      const t = await withDb((db) => addTerminal(db, store, { id, name }));
      console.log(`terminal ${t.storeId} ${t.id} key (shown this once): ${t.key}`);
      break;
    }
    case 'revoke-terminal': {
      const [store, id] = args;
      if (!store || !id) fail(`revoke-terminal STORE ID\n${USAGE}`);
      const done = await withDb((db) => revokeTerminal(db, store, id, new Date()));
      console.log(done ? `revoked ${store} ${id}` : `no active terminal ${store} ${id}`);
      break;
    }
    case 'rotate-key': {
      const hours = Number(values['publish-hours']);
      if (!(hours >= 0)) fail('--publish-hours must be a number ≥ 0');
      const now = new Date();
      const seed = signingSeed();
      const key = await withDb((db) =>
        addSigningKey(db, {
          now,
          signsFrom: new Date(now.getTime() + hours * 3600_000),
          ...(seed ? { seed } : {}),
        }),
      );
      console.log(
        `${key.added ? 'published' : 'already present:'} ${key.kid}; it signs from ${key.signsFrom.toISOString()} (terminals pull it meanwhile). Retire the old key later with retire-key.`,
      );
      break;
    }
    case 'retire-key': {
      const [kid] = args;
      if (!kid) fail(`retire-key KID\n${USAGE}`);
      console.log((await withDb((db) => retireSigningKey(db, kid))) ? `retired ${kid}` : `no key ${kid}`);
      break;
    }
    default:
      fail(`unknown command ${command}\n${USAGE}`);
  }
} catch (error) {
  if (error instanceof ProvisionError) fail(error.message);
  throw error;
}

async function serve() {
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
  if (values.reset && !values.demo) fail('--reset wipes the data: only with --demo');
  if (!!values['tls-cert'] !== !!values['tls-key']) fail('--tls-cert and --tls-key go together');
  const central = await createCentral({
    ...storage,
    ...(values.demo ? { demo: { seed }, reset: values.reset } : {}),
    enableAdmin: values['enable-admin'],
    logger: { level: values['log-level'], ...(values['log-file'] ? { file: values['log-file'] } : {}) },
    ...(values['cors-origin']?.length ? { corsOrigins: values['cors-origin'] } : {}),
    ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
    ...(values['tls-cert'] && values['tls-key']
      ? { tls: { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) } }
      : {}),
  });
  const { db, app } = central;
  if (!(await isProvisioned(db))) {
    await central.close();
    fail(
      'No store yet: provision one with `npm run central -- init store.json`, or run the demo with --demo.',
    );
  }
  const seedKey = signingSeed();
  if (seedKey) await addSigningKey(db, { now: new Date(), seed: seedKey });
  if (central.seeded) {
    const s = central.seeded;
    console.log(
      `seeded demo data (seed ${s.seed}): ${s.products} products, ${s.slots} slots, orders ${JSON.stringify(s.orders)}`,
    );
  }
  const address = await app.listen({ port: Number(values.port), host: values.host });
  const where = databaseUrl
    ? 'PostgreSQL (DATABASE_URL)'
    : values.memory
      ? 'PGlite in memory'
      : `PGlite in ${values['data-dir']}`;
  console.log(
    `Linli central listening on ${address} — storage: ${where}${values['enable-admin'] ? ', admin on' : ''}`,
  );
  if (values.demo) {
    console.log(
      `demo terminals: ${DEMO_TERMINALS.map((t) => `${t.id}@${t.storeId} key ${t.key}`).join('; ')}`,
    );
    console.log(
      `demo staff: ${DEMO_STAFF.map((s) => `${s.name} ${s.id} (${s.role}) badge LS-${s.id} PIN ${s.pin}`).join('; ')}`,
    );
  }
  const stop = async () => {
    await central.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
