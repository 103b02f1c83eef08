/**
 * Success and error sounds, synthesised with WebAudio (no files to load, no
 * latency on the first scan): success is two short rising tones, error a low
 * double buzz — distinct by pitch and rhythm, so a clerk hears which without
 * looking. Silent where WebAudio is missing (tests, locked-down kiosks).
 */
export type CounterSound = 'success' | 'error';

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (context) return context;
  const Ctor = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctor) return null;
  try {
    context = new Ctor();
  } catch {
    return null;
  }
  return context;
}

const PATTERNS: Record<
  CounterSound,
  { type: OscillatorType; notes: [hz: number, startS: number, lengthS: number][] }
> = {
  success: {
    type: 'sine',
    notes: [
      [880, 0, 0.08],
      [1320, 0.09, 0.12],
    ],
  },
  error: {
    type: 'square',
    notes: [
      [220, 0, 0.15],
      [180, 0.2, 0.25],
    ],
  },
};

/** Plays a sound; the last one played is also marked on <html data-counter-sound> for tests and screen checks. */
export function playSound(sound: CounterSound): void {
  document.documentElement.dataset.counterSound = `${sound}:${Date.now()}`;
  const ctx = audio();
  if (!ctx) return;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  const { type, notes } = PATTERNS[sound];
  const t0 = ctx.currentTime;
  for (const [hz, start, length] of notes) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = type;
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.0001, t0 + start);
    gain.gain.exponentialRampToValueAtTime(0.25, t0 + start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + start + length);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0 + start);
    osc.stop(t0 + start + length + 0.02);
  }
}
