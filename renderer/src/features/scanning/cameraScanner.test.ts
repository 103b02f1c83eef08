import { describe, expect, it, vi } from 'vitest';
import { createCameraScanner } from './cameraScanner';
import type { DecodeResult, Frame, FrameDecoder } from './decoder/types';

const frame: Frame = { width: 1, height: 1, data: new Uint8ClampedArray(4) };

/** A decoder that returns a scripted sequence of reads. */
function scripted(reads: (Pick<DecodeResult, 'text' | 'format'> | null)[]): FrameDecoder {
  let i = 0;
  return {
    engine: 'zxing-wasm',
    decode: () => {
      const r = reads[i++] ?? null;
      return Promise.resolve(r && { ...r, engine: 'zxing-wasm', ms: 2 });
    },
    dispose: () => undefined,
  };
}

describe('camera scanner', () => {
  it('parses a QR pickup token at once, like a wedge scan', async () => {
    const onScan = vi.fn();
    const token = `LT1.${'a'.repeat(20)}.${'b'.repeat(40)}`;
    const scanner = createCameraScanner({ decoder: scripted([{ text: token, format: 'qr' }]), onScan });
    await scanner.offer(frame);
    expect(onScan).toHaveBeenCalledWith(
      { kind: 'pickupToken', text: token, token },
      expect.objectContaining({ format: 'qr' }),
    );
  });

  it('waits for two agreeing frames before a product barcode counts', async () => {
    const onScan = vi.fn();
    const ean = { text: '6901234567892', format: 'ean13' as const };
    const scanner = createCameraScanner({
      decoder: scripted([ean, null, ean, ean]),
      onScan,
      parse: { context: 'till' },
    });
    for (let i = 0; i < 3; i++) await scanner.offer(frame);
    expect(onScan).not.toHaveBeenCalled();
    await scanner.offer(frame);
    expect(onScan).toHaveBeenCalledTimes(1);
    expect(onScan.mock.calls[0]?.[0]).toMatchObject({ kind: 'productBarcode', gtin: '6901234567892' });
  });

  it('drops frames offered while the decoder is busy', async () => {
    let release: (r: DecodeResult | null) => void = () => undefined;
    const decode = vi.fn(() => new Promise<DecodeResult | null>((resolve) => (release = resolve)));
    const scanner = createCameraScanner({
      decoder: { engine: 'zxing-wasm', decode, dispose: () => undefined },
      onScan: vi.fn(),
    });
    const first = scanner.offer(frame);
    await scanner.offer(frame);
    await scanner.offer(frame);
    release(null);
    await first;
    expect(decode).toHaveBeenCalledTimes(1);
  });
});
