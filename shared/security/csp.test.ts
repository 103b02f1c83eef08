import { describe, expect, it } from 'vitest';
import { buildCsp } from './csp';

const directive = (csp: string, name: string) =>
  csp
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.split(' ')
    .slice(1) ?? [];

describe('buildCsp', () => {
  it('names the HQ origin in connect-src, not its path', () => {
    const csp = buildCsp({ connectOrigins: ['https://hq.example.cn/api/v1', 'not a url', 'file:///x'] });
    expect(directive(csp, 'connect-src')).toEqual(["'self'", 'https://hq.example.cn']);
  });

  it('allows WebAssembly but no inline or eval script in production', () => {
    const scripts = directive(buildCsp({ connectOrigins: [] }), 'script-src');
    expect(scripts).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });

  it('forbids plugins, framing and base-uri changes', () => {
    const csp = buildCsp({ connectOrigins: [] });
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(csp, 'base-uri')).toEqual(["'none'"]);
  });
});
