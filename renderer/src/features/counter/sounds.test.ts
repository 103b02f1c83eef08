import { afterEach, describe, expect, it, vi } from 'vitest';
import { playSound, setSoundVolume, SOUND_PATTERNS } from './sounds';
import { soundFor } from './useCounterFlow';

afterEach(() => {
  setSoundVolume(70);
  vi.unstubAllGlobals();
});

/** A WebAudio stand-in that records each oscillator's wave and the gains it ramps to. */
function fakeAudio() {
  const played: { type: string; hz: number; peak: number }[] = [];
  class FakeContext {
    state = 'running';
    currentTime = 0;
    destination = {};
    createOscillator() {
      const osc = {
        type: '',
        frequency: { value: 0 },
        connect: (gain: { ramps: number[] }) => {
          played.push({ type: osc.type, hz: osc.frequency.value, peak: Math.max(...gain.ramps) });
          return { connect: () => undefined };
        },
        start: () => undefined,
        stop: () => undefined,
      };
      return osc;
    }
    createGain() {
      const ramps: number[] = [];
      return {
        ramps,
        gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: (v: number) => ramps.push(v) },
      };
    }
  }
  vi.stubGlobal('AudioContext', FakeContext);
  return played;
}

describe('counter sounds', () => {
  it('success, refusal and attention differ in wave and rhythm', () => {
    const signature = (s: keyof typeof SOUND_PATTERNS) =>
      `${SOUND_PATTERNS[s].type}:${SOUND_PATTERNS[s].notes.map(([hz, , len]) => `${hz}/${len}`).join(',')}`;
    const all = (['success', 'error', 'attention'] as const).map(signature);
    expect(new Set(all).size).toBe(3);
    expect(new Set(Object.values(SOUND_PATTERNS).map((p) => p.type)).size).toBe(3);
  });

  it('each outcome has its sound: good reads, refusals, and what needs the clerk', () => {
    expect(soundFor('order')).toBe('success');
    expect(soundFor('batch')).toBe('success');
    expect(soundFor('invalidToken')).toBe('error');
    expect(soundFor('collected')).toBe('error');
    expect(soundFor('notArrived')).toBe('attention');
    expect(soundFor('expired')).toBe('attention');
  });

  it('the volume setting scales the sound; 0 is silent (the sound is still marked for checks)', () => {
    const played = fakeAudio();
    setSoundVolume(100);
    playSound('attention');
    const loud = played.splice(0);
    expect(loud.map((p) => p.type)).toEqual(['triangle', 'triangle', 'triangle']);
    setSoundVolume(20);
    playSound('attention');
    const quiet = played.splice(0);
    expect(quiet[0]!.peak).toBeCloseTo(loud[0]!.peak / 5);
    setSoundVolume(0);
    playSound('error');
    expect(played).toHaveLength(0);
    expect(document.documentElement.dataset.counterSound).toMatch(/^error:/);
  });
});
