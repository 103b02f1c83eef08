import type { Writable } from 'node:stream';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  PUSH_BODY_LIMIT_BYTES,
  pullQuerySchema,
  pushRequestSchema,
  type ErrorCode,
  type Faults,
} from '../../shared/contract';
import { NO_FAULTS, registerAdmin } from './admin';
import { createTerminalKeys, type Terminal } from './auth';
import type { Db } from './db';
import { sendError, validationError } from './errors';
import { listPickupKeys } from './keys';
import { firstSyncPage } from './firstSync';
import { registerLookup } from './lookup';
import { buildOpenApi } from './openapi';
import { registerDayTotals } from './dayTotals';
import { registerPayments } from './payments';
import { applyPush } from './push';
import { decodeCursor, pullPage } from './repo';

export const DEFAULT_CORS_ORIGINS = ['app://linli', 'http://127.0.0.1:5173', 'http://localhost:5173'];

/** Failed sign-ins one address may make per minute before it is answered 429 (every request, for the rest of the minute). */
export const AUTH_FAILURES_PER_MINUTE = 30;
/** Admin requests one address may make per minute. */
export const ADMIN_REQUESTS_PER_MINUTE = 1200;

export interface AppOptions {
  db: Db;
  /** Registers /v1/_admin (demo and tests only; loopback clients and a loopback Host only). */
  enableAdmin?: boolean;
  /** Browser origins allowed to call the API. */
  corsOrigins?: readonly string[];
  /** Clock (tests). */
  now?: () => Date;
  /** Source of randomness for fault injection (tests). */
  random?: () => number;
  /**
   * pino through fastify: false (silent), true (info to stdout), or a level
   * with a file or a stream. Every 500 and every mutation HQ could not process is logged.
   */
  logger?: boolean | { level?: string; file?: string; stream?: Writable };
  /** Serve HTTPS with this PEM certificate and key. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The public URL terminals use (OpenAPI `servers`). */
  publicUrl?: string;
  authFailuresPerMinute?: number;
  adminRequestsPerMinute?: number;
}

/** What a route module gets: the database and the clock. */
export interface RouteContext {
  db: Db;
  now: () => Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    terminal?: Terminal;
  }
}

/** The authenticated terminal of a `/v1/stores/:store/…` request. */
export function terminalOf(request: FastifyRequest): Terminal {
  if (!request.terminal) throw new Error('terminalOf: route outside /v1/stores/:store/');
  return request.terminal;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * The reference central commerce API as a fastify app (not yet listening):
 * `await buildApp({ db }).listen({ port })`, or `app.inject()` in tests. Most
 * callers want `createCentral()` (central.ts), which opens the database first.
 */
export function buildApp(options: AppOptions): FastifyInstance {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const faults: { current: Faults } = { current: { ...NO_FAULTS } };
  const logger = options.logger ?? false;
  const app = Fastify({
    logger: typeof logger === 'object' ? { level: 'info', ...logger } : logger,
    // the largest legal push (PUSH_BATCH_MAX mutations) fits; anything larger is answered 413 unread
    bodyLimit: PUSH_BODY_LIMIT_BYTES,
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
    // fastify's own early errors (a malformed URL, …) in the contract's error shape
    frameworkErrors: (error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      sendError(reply, status, STATUS_CODES[status] ?? 'bad_request', error.message);
    },
  }) as unknown as FastifyInstance;
  const dropped = new WeakSet<FastifyRequest>();

  app.register(cors, {
    origin: [...(options.corsOrigins ?? DEFAULT_CORS_ORIGINS)],
    methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });
  app.register(rateLimit, { global: false });

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      if (status === 429) reply.header('retry-after', 60);
      return sendError(reply, status, STATUS_CODES[status] ?? 'bad_request', error.message);
    }
    request.log.error({ err: error }, 'internal error');
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
  // In onRequest, before the body is read: an unauthenticated request costs no parsing.
  const terminals = createTerminalKeys(db);
  let failedAuth: ReturnType<FastifyInstance['createRateLimit']> | null = null;
  app.after(() => {
    failedAuth = app.createRateLimit({
      max: options.authFailuresPerMinute ?? AUTH_FAILURES_PER_MINUTE,
      timeWindow: 60_000,
    });
  });
  const refuse = async (request: FastifyRequest, reply: FastifyReply, message: string) => {
    const count = await failedAuth?.(request);
    if (count && !count.isAllowed && count.isExceeded) return tooMany(reply);
    return sendError(reply, 401, 'unauthorized', message);
  };
  const tooMany = (reply: FastifyReply) =>
    sendError(
      reply.header('retry-after', 60),
      429,
      'rate_limited',
      '失败次数过多，请稍后再试 / too many failed attempts',
    );
  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.url?.startsWith('/v1/stores/:store/') || request.method === 'OPTIONS') return;
    const past = await failedAuth?.(request, { increment: false });
    if (past && !past.isAllowed && past.remaining === 0) return tooMany(reply);
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S{1,200})$/i.exec(header) : null;
    if (!match?.[1]) return refuse(request, reply, '缺少终端密钥 / missing terminal key');
    const terminal = await terminals.lookup(match[1]);
    if (!terminal) return refuse(request, reply, '终端密钥无效 / unknown terminal key');
    const { store } = request.params as { store: string };
    if (store !== terminal.storeId)
      return sendError(reply, 403, 'forbidden', `终端不属于门店 ${store} / terminal not of this store`);
    request.terminal = terminal;
  });

  app.get('/v1/health', async () => ({ status: 'ok', time: now().toISOString() }));

  app.get('/v1/pickup-keys', async () => ({ keys: await listPickupKeys(db) }));

  let openapi: Record<string, unknown> | null = null;
  app.get(
    '/v1/openapi.json',
    async () =>
      (openapi ??= buildOpenApi({
        enableAdmin: !!options.enableAdmin,
        ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      })),
  );

  // ---- route modules, one line each. A module registers its routes on `app`; every
  // route under /v1/stores/:store/ is authenticated by the hook above before its body
  // is read, and `terminalOf(request)` (or `authenticate`, for older modules) is the caller.
  const authenticate = async (request: FastifyRequest, reply: FastifyReply): Promise<Terminal | null> => {
    if (request.terminal) return request.terminal;
    sendError(reply, 401, 'unauthorized', '缺少终端密钥 / missing terminal key');
    return null;
  };
  registerSyncRoutes(app, { db, now });
  registerLookup(app, db);
  registerDayTotals(app, db, authenticate, now);
  registerPayments(app, { db, now, faults, authenticate, enableAdmin: !!options.enableAdmin });

  if (options.enableAdmin)
    registerAdmin(app, db, faults, now, {
      requestsPerMinute: options.adminRequestsPerMinute ?? ADMIN_REQUESTS_PER_MINUTE,
    });

  return app;
}

/** Pull (the store's feed after a cursor) and push (a batch of mutations). */
function registerSyncRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  app.get('/v1/stores/:store/changes', async (request, reply) => {
    const terminal = terminalOf(request);
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
    const terminal = terminalOf(request);
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
      { storeId: terminal.storeId, terminalId: terminal.id, now, log: request.log },
      body.data.mutations,
    );
    return reply.send({ results });
  });
}
