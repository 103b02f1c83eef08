import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ErrorBody, ErrorCode } from '../../shared/contract';

export function sendError(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  issues?: ErrorBody['error']['issues'],
): FastifyReply {
  const body: ErrorBody = { error: { code, message, ...(issues ? { issues } : {}) } };
  return reply.code(status).type('application/json').send(body);
}

/** 400 with one entry per field problem, paths dotted (`mutations.3.payload.orderId`). */
export function validationError(reply: FastifyReply, error: z.ZodError, prefix?: string): FastifyReply {
  const issues = error.issues.map((i) => ({
    path: [...(prefix ? [prefix] : []), ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  return sendError(reply, 400, 'bad_request', '请求格式错误 / malformed request', issues);
}
