import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { pullQuerySchema, pushRequestSchema, type Faults } from '../../shared/contract';
import { NO_FAULTS, registerAdmin } from './admin';
import { registerDayTotals } from './dayTotals';
import type { Db } from './db';
import { sendError, validationError } from './errors';
import { listPickupKeys, sha256Hex } from './keys';
import { firstSyncPage } from './firstSync';
import { buildOpenApi } from './openapi';
import { registerPayments } from './payments';
import { applyPush } from './push';
import { decodeCursor, pullPage } from './repo';

const TERMINAL_CACHE_MS = 10_000;

export const DEFAULT_CORS_ORIGINS = ['app://linli', 'http://127.0.0.1:5173', 'http://localhost:5173'];

export interface CentralOptions {
  db: Db;
  /** Registers /v1/_admin (demo and tests only; loopback clients only). */
  enableAdmin?: boolean;
  /** Browser origins allowed to call the API. */
  corsOrigins?: readonly string[];
  /** Clock (tests). */
  now?: () => Date;
  /** Source of randomness for fault injection (tests). */
  random?: () => number;
  logger?: boolean;
}

interface Terminal {
  id: string;
  storeId: string;
}

/**
 * The reference central commerce API as a fastify app (not yet listening):
 * `await createCentral({ db }).listen({ port })`, or `app.inject()` in tests.
 */
export function createCentral(options: CentralOptions): FastifyInstance {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const faults: { current: Faults } = { current: { ...NO_FAULTS } };
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 32 * 1024 * 1024 });
  const dropped = new WeakSet<FastifyRequest>();

  app.register(cors, {
    origin: [...(options.corsOrigins ?? DEFAULT_CORS_ORIGINS)],
    methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return sendError(reply, status, status === 404 ? 'not_found' : 'bad_request', error.message);
    app.log.error(error);
    return sendError(reply, 500, 'internal', '服务器内部错误 / internal error');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'not_found', `未找到 ${request.method} ${request.url}`),
  );

  // ---- fault injection, for every request outside /v1/_admin ----
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/v1/_admin') || request.method === 'OPTIONS') return;
    const f = faults.current;
    if (f.down) return sendError(reply, 503, 'unavailable', '总部暂不可用（模拟） / down (injected)');
    if (f.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, f.latencyMs));
    if (f.errorRate > 0 && random() < f.errorRate)
      return sendError(reply, 500, 'internal', '总部内部错误（模拟） / injected error');
    if (f.dropResponseRate > 0 && random() < f.dropResponseRate) dropped.add(request);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (dropped.has(request)) {
      // processed, but the terminal never hears back: the connection just dies
      reply.raw.socket?.destroy();
      request.raw.socket?.destroy();
    }
    return payload;
  });

  // ---- auth: Bearer <terminal key>, a key belongs to one terminal of one store ----
  // Lookups are cached briefly: a revoked key stops working within TERMINAL_CACHE_MS.
  const terminalCache = new Map<string, { at: number; row: { id: string; store_id: string } | null }>();
  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Terminal | null> {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) {
      sendError(reply, 401, 'unauthorized', '缺少终端密钥 / missing terminal key');
      return null;
    }
    const keyHash = sha256Hex(match[1]);
    let cached = terminalCache.get(keyHash);
    if (!cached || cached.at < Date.now() - TERMINAL_CACHE_MS) {
      const { rows } = await db.query<{ id: string; store_id: string }>(
        'SELECT id, store_id FROM terminals WHERE key_hash = $1',
        [keyHash],
      );
      cached = { at: Date.now(), row: rows[0] ?? null };
      terminalCache.set(keyHash, cached);
    }
    const row = cached.row;
    if (!row) {
      sendError(reply, 401, 'unauthorized', '终端密钥无效 / unknown terminal key');
      return null;
    }
    const { store } = request.params as { store: string };
    if (store !== row.store_id) {
      sendError(reply, 403, 'forbidden', `终端不属于门店 ${store} / terminal not of this store`);
      return null;
    }
    return { id: row.id, storeId: row.store_id };
  }

  app.get('/v1/health', async () => ({ status: 'ok', time: now().toISOString() }));

  app.get('/v1/pickup-keys', async () => ({ keys: await listPickupKeys(db) }));

  let openapi: Record<string, unknown> | null = null;
  app.get('/v1/openapi.json', async () => (openapi ??= buildOpenApi({ enableAdmin: !!options.enableAdmin })));

  app.get('/v1/stores/:store/changes', async (request, reply) => {
    const terminal = await authenticate(request, reply);
    if (!terminal) return reply;
    const query = pullQuerySchema.safeParse(request.query);
    if (!query.success) return validationError(reply, query.error);
    const first = await firstSyncPage(db, terminal.storeId, query.data, now());
    if (first !== null) return reply.type('application/json').send(first);
    const after = decodeCursor(query.data.cursor);
    if (after === null)
      return sendError(reply, 400, 'bad_request', '游标无效 / invalid cursor', [
        { path: 'cursor', message: 'not a cursor from this server' },
      ]);
    const page = await pullPage(db, terminal.storeId, after, query.data.limit, {
      countRemaining: query.data.count === 'remaining',
    });
    return reply.type('application/json').send(page.body);
  });

  app.post('/v1/stores/:store/mutations', async (request, reply) => {
    const terminal = await authenticate(request, reply);
    if (!terminal) return reply;
    const body = pushRequestSchema.safeParse(request.body);
    if (!body.success) return validationError(reply, body.error);
    if (body.data.terminalId !== terminal.id)
      return sendError(
        reply,
        403,
        'forbidden',
        `密钥属于终端 ${terminal.id} / key belongs to another terminal`,
      );
    const results = await applyPush(
      db,
      { storeId: terminal.storeId, terminalId: terminal.id, now },
      body.data.mutations,
    );
    return reply.send({ results });
  });

  registerDayTotals(app, db, authenticate, now);
  if (options.enableAdmin) registerAdmin(app, db, faults, now);
  registerPayments(app, { db, now, faults, authenticate, enableAdmin: !!options.enableAdmin });

  return app;
}
