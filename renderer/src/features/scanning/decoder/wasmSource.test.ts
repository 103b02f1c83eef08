// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the test serves the package's own .wasm
import { readFileSync } from 'node:fs';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- same: resolve the package file
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderFrame, qrSymbol } from './testing/syntheticFrames';
import { createZxingWasmDecoder } from './zxingWasmEngine';

const APP_WASM_URL = 'app://linli/assets/zxing_reader-abc123.wasm';

describe('zxing-wasm in the app', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('fetches its .wasm from the URL the app serves, never from a CDN', async () => {
    const bytes = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : String(input);
      fetched.push(url);
      return Promise.resolve(new Response(bytes, { headers: { 'content-type': 'application/wasm' } }));
    });
    const decoder = createZxingWasmDecoder({ wasm: { wasmUrl: APP_WASM_URL } });
    const result = await decoder.decode(
      renderFrame(qrSymbol('LT1.offline.only'), { variant: 'sharp', seed: 4 }),
    );
    expect(result).toMatchObject({ text: 'LT1.offline.only', format: 'qr', engine: 'zxing-wasm' });
    expect(fetched).toEqual([APP_WASM_URL]);
  });
});
