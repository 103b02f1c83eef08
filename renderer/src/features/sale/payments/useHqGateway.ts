import { useContext, useEffect, useRef, useState } from 'react';
import type { PaymentGateway } from '@shared/payments/gateway';
import { PlatformContext } from '../../../app/PlatformContext';
import { createHqPaymentGateway } from './hqGateway';

/** HQ's payment gateway for this terminal, from its settings (null until they are read). */
export function useHqGateway(online: boolean): PaymentGateway | null {
  const platform = useContext(PlatformContext);
  const [gateway, setGateway] = useState<PaymentGateway | null>(null);
  const onlineRef = useRef(online);
  onlineRef.current = online;
  useEffect(() => {
    if (!platform) return;
    let live = true;
    const build = (s: { hqUrl: string; storeId: string; apiKey: string }) =>
      createHqPaymentGateway({
        baseUrl: s.hqUrl,
        storeId: s.storeId,
        apiKey: s.apiKey,
        fetch: (...args) => fetch(...args),
        timeoutMs: 10_000,
        isOnline: () => onlineRef.current,
      });
    void platform.getSettings().then((s) => live && setGateway(build(s)));
    const off = platform.onSettingsChanged((s) => setGateway(build(s)));
    return () => {
      live = false;
      off();
    };
  }, [platform]);
  return gateway;
}
