import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlatform } from '../../app/PlatformContext';
import { playSound, setSoundVolume, type CounterSound } from './sounds';

const SOUNDS: readonly CounterSound[] = ['success', 'error', 'attention'];

/** Settings → 提示音: the volume of the counter's sounds, and each sound to try. */
export function SoundSettings() {
  const { t } = useTranslation();
  const platform = usePlatform();
  const id = useId();
  const [volume, setVolume] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void platform.getSettings().then((s) => live && setVolume(s.sounds.volume));
    return () => {
      live = false;
    };
  }, [platform]);
  const change = (next: number) => {
    setVolume(next);
    setSoundVolume(next);
    void platform.updateSettings({ sounds: { volume: next } });
  };
  return (
    <fieldset className="card">
      <legend>{t('counter.sounds.title')}</legend>
      <label htmlFor={id}>{t('counter.sounds.volume', { volume: volume ?? '…' })}</label>{' '}
      <input
        id={id}
        type="range"
        min={0}
        max={100}
        step={10}
        value={volume ?? 70}
        disabled={volume === null}
        onChange={(e) => change(Number(e.target.value))}
      />
      <div className="segmented">
        {SOUNDS.map((sound) => (
          <button key={sound} type="button" className="counter-secondary" onClick={() => playSound(sound)}>
            {t(`counter.sounds.try.${sound}`)}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

/** Follows the terminal's sound volume (mount once, in the shell). */
export function useSoundVolume(platform: {
  getSettings(): Promise<{ sounds: { volume: number } }>;
  onSettingsChanged(l: (s: { sounds: { volume: number } }) => void): () => void;
}) {
  useEffect(() => {
    let live = true;
    void platform.getSettings().then((s) => live && setSoundVolume(s.sounds.volume));
    const stop = platform.onSettingsChanged((s) => setSoundVolume(s.sounds.volume));
    return () => {
      live = false;
      stop();
    };
  }, [platform]);
}
