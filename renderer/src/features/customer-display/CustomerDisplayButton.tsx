import { useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PlatformContext } from '../../app/PlatformContext';

/** Opens the customer display: Electron puts it on the second monitor; a browser opens a second window. */
export function CustomerDisplayButton() {
  const { t } = useTranslation();
  const platform = useContext(PlatformContext);
  const [message, setMessage] = useState<string | null>(null);
  if (!platform) return null;
  const open = async () => {
    const result = await platform.openCustomerDisplay();
    setMessage(
      !result.opened
        ? t('customerDisplay.blocked')
        : result.secondMonitor
          ? t('customerDisplay.openedSecondMonitor')
          : t('customerDisplay.opened'),
    );
  };
  return (
    <div className="customer-display-open">
      <button
        type="button"
        className="counter-secondary"
        title={t('customerDisplay.openHint')}
        onClick={() => void open()}
      >
        {t('customerDisplay.open')}
      </button>
      <span role="status">{message}</span>
    </div>
  );
}
