import { en } from './en';
import { zhCN } from './zh-CN';
import { counterMessages } from '../features/counter/messages';
import { customersMessages } from '../features/customers/messages';
import { dayendMessages } from '../features/dayend/messages';
import { dispatchMessages } from '../features/dispatch/messages';
import { deviceMessages } from '../features/settings/messages';
import { receiptsMessages } from '../features/receipts/messages';
import { saleMessages } from '../features/sale/messages';
import { customerDisplayMessages } from '../features/customer-display/messages';
import { shelfMessages } from '../features/shelf/messages';
import { staffMessages } from '../features/staff/messages';
import { syncMessages } from '../features/sync/messages';

/**
 * Every feature's messages, each under its own top-level key (`t('staff.signIn')`).
 * Adding a feature: `export const fooMessages = defineMessages({...})` in
 * `features/foo/messages.ts`, then one line here.
 */
export const featureMessages = {
  counter: counterMessages,
  customers: customersMessages,
  dayend: dayendMessages,
  dispatch: dispatchMessages,
  device: deviceMessages,
  receipts: receiptsMessages,
  sale: saleMessages,
  customerDisplay: customerDisplayMessages,
  shelf: shelfMessages,
  staff: staffMessages,
  sync: syncMessages,
} as const;

type FeatureMessages = typeof featureMessages;
export type AllMessages = typeof zhCN & {
  [K in keyof FeatureMessages]: FeatureMessages[K]['zh-CN' & keyof FeatureMessages[K]];
};

function pick(language: 'zh-CN' | 'en') {
  return Object.fromEntries(
    Object.entries(featureMessages).map(([name, messages]) => [
      name,
      (messages as Record<string, unknown>)[language],
    ]),
  );
}

export const resources = {
  'zh-CN': { translation: { ...zhCN, ...pick('zh-CN') } },
  en: { translation: { ...en, ...pick('en') } },
};
