import { describe, expect, it } from 'vitest';
import { chooseDefaultEngine } from './choose';

describe('B2 default-engine choice', () => {
  it('prefers the better reader among engines within budget', () => {
    expect(
      chooseDefaultEngine([
        { engine: 'zxing-library', p50Ms: 4, p95Ms: 12, readRate: 0.6 },
        { engine: 'zxing-wasm', p50Ms: 3, p95Ms: 9, readRate: 0.9 },
      ]),
    ).toBe('zxing-wasm');
  });

  it('does not let a better reader over budget win against one within budget', () => {
    expect(
      chooseDefaultEngine([
        { engine: 'zxing-library', p50Ms: 4, p95Ms: 12, readRate: 0.6 },
        { engine: 'zxing-wasm', p50Ms: 8, p95Ms: 30, readRate: 0.9 },
      ]),
    ).toBe('zxing-library');
  });

  it('falls back to the best reader when no engine is within budget', () => {
    expect(
      chooseDefaultEngine([
        { engine: 'zxing-library', p50Ms: 30, p95Ms: 60, readRate: 0.6 },
        { engine: 'zxing-wasm', p50Ms: 8, p95Ms: 30, readRate: 0.9 },
      ]),
    ).toBe('zxing-wasm');
    expect(chooseDefaultEngine([])).toBeNull();
  });
});
