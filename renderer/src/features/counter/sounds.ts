/**
 * The counter's three sounds, synthesised with WebAudio (no files to load, no
 * latency on the first scan), told apart by pitch, timbre and rhythm so a clerk
 * knows without looking:
 * - success: two short rising sine tones (a good read, handed over);
 * - error: a low square double buzz (a refusal: forged, collected, cancelled…);
 * - attention: three even mid triangle beeps (the clerk must act: not synced yet,
 *   expired code a manager may override, bags not arrived).
 * The volume is the terminal's setting (Settings → 提示音). Silent where WebAudio
 * is missing (tests, locked-down kiosks).
 */
export type CounterSound = 'success' | 'error' | 'attention';

let context: AudioContext | null = null;
/** 0..1, from `settings.sounds.volume` (percent). */
let volume = 0.7;

export function setSoundVolume(percent: number): void {
  volume = Math.min(1, Math.max(0, percent / 100));
}

export function soundVolume(): number {
  return volume;
}

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

export const SOUND_PATTERNS: Record<
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
  attention: {
    type: 'triangle',
    notes: [
      [660, 0, 0.09],
      [660, 0.16, 0.09],
      [660, 0.32, 0.09],
    ],
  },
};

/** Plays a sound; the last one played is also marked on <html data-counter-sound> for tests and screen checks. */
export function playSound(sound: CounterSound): void {
  document.documentElement.dataset.counterSound = `${sound}:${Date.now()}`;
  if (volume <= 0) return;
  const ctx = audio();
  if (!ctx) return;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  const { type, notes } = SOUND_PATTERNS[sound];
  const t0 = ctx.currentTime;
  const peak = 0.35 * volume;
  for (const [hz, start, length] of notes) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = type;
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.0001, t0 + start);
    gain.gain.exponentialRampToValueAtTime(Math.max(0.0002, peak), t0 + start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + start + length);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0 + start);
    osc.stop(t0 + start + length + 0.02);
  }
}
