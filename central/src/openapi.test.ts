import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './openapi';

/** Issue #15 item 5: the published OpenAPI tells the truth, and an independent linter agrees. */

type Operation = {
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operations(doc: Record<string, unknown>): [string, string, Operation][] {
  const paths = doc.paths as Record<string, Record<string, Operation>>;
  return Object.entries(paths).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]): [string, string, Operation] => [p, method, op]),
  );
}

describe('OpenAPI document', () => {
  const doc = buildOpenApi({ enableAdmin: true, publicUrl: 'https://hq.example.cn' });

  it('names its server, an operationId on every operation (unique), no key on the public ones', () => {
    expect(doc.servers).toEqual([{ url: 'https://hq.example.cn', description: 'This HQ' }]);
    const ops = operations(doc);
    const ids = ops.map(([, , op]) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [p, , op] of ops) {
      if (p.startsWith('/v1/stores/')) expect(op.security, p).toEqual([{ terminalKey: [] }]);
      else expect(op.security, p).toEqual([]);
    }
  });

  it('documents every error an operation can answer, each in the one error shape', () => {
    for (const [p, method, op] of operations(doc)) {
      const codes = Object.keys(op.responses);
      expect(codes, `${method} ${p}`).toEqual(expect.arrayContaining(['400', '500']));
      if (p.startsWith('/v1/stores/'))
        expect(codes, `${method} ${p}`).toEqual(expect.arrayContaining(['401', '403', '429']));
      if (p.startsWith('/v1/_admin'))
        expect(codes, `${method} ${p}`).toEqual(expect.arrayContaining(['403', '429']));
      if (method === 'post') expect(codes, `${method} ${p}`).toEqual(expect.arrayContaining(['413', '415']));
      for (const [code, response] of Object.entries(op.responses))
        if (Number(code) >= 400)
          expect(response.content?.['application/json']?.schema?.$ref, `${method} ${p} ${code}`).toBe(
            '#/components/schemas/ErrorBody',
          );
    }
  });

  it('passes Redocly’s recommended rules without errors or warnings', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linli-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(buildOpenApi({ enableAdmin: true })));
      const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
      let output: string;
      try {
        output = execFileSync(process.execPath, [cli, 'lint', file, '--extends', 'recommended'], {
          cwd: dir,
          encoding: 'utf8',
          stdio: 'pipe',
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        });
      } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        throw new Error(`redocly lint failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
      }
      expect(output).not.toMatch(/error|warning/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
