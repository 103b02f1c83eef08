import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlatform } from '../../app/PlatformContext';
import { selectLitSlots, useLightsStore } from './lightsStore';
import { lightsMessages } from './messages';
import './lights.css';

/**
 * The shelf lights on screen (driver `simulated`, and always in a browser tab):
 * a small overlay listing the lit slots in their colour. Mount it once inside
 * the platform context; it is a live region, so a screen reader hears the slot.
 */
export function SimulatedLights() {
  const platform = usePlatform();
  const { i18n } = useTranslation();
  const m = lightsMessages[i18n.language === 'en' ? 'en' : 'zh-CN'];
  const slots = useLightsStore(selectLitSlots);

  useEffect(() => {
    const stop = platform.onLightsChanged((state) => useLightsStore.getState().apply(state));
    return () => {
      stop();
      useLightsStore.getState().clear();
    };
  }, [platform]);

  return (
    <div role="status" aria-label={m.region} className="simulated-lights" data-lit={slots.length > 0}>
      {slots.length > 0 && (
        <>
          <span className="simulated-lights__title">{m.lit}</span>
          <ul>
            {slots.map((slot) => (
              <li
                key={slot.slotId}
                className="simulated-lights__slot"
                data-color={slot.color}
                data-blink={slot.blink}
              >
                <span className="simulated-lights__lamp" aria-hidden="true" />
                <span className="simulated-lights__id">{slot.slotId}</span>{' '}
                <span className="simulated-lights__color">
                  {m.color[slot.color]}
                  {slot.blink ? ` · ${m.blinking}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
