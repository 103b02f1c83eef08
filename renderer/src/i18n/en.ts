import type { Messages } from './zh-CN';

export const en: Messages = {
  app: {
    name: 'Linli Counter',
    skipToContent: 'Skip to main content',
    screenLoading: 'Loading…',
    mainNav: 'Main navigation',
    loading: 'Starting…',
  },
  nav: {
    counter: 'Pickup',
    shelf: 'Shelf',
    dispatch: 'Delivery',
    sale: 'Sale',
    dayend: 'Day end',
    sync: 'Sync',
    staff: 'Staff',
    settings: 'Settings',
    wishes: 'Wishes',
  },
  screen: {
    coming: 'This feature is coming soon.',
    counter: {
      title: 'Counter pickup',
      intro: 'Scan a pickup code, order number or phone last 4 to find and hand over an order.',
    },
    shelf: { title: 'Smart shelf', intro: 'Put-away, the slot map and uncollected orders.' },
    dispatch: {
      title: 'Scheduled delivery',
      intro: 'Orders waiting by delivery window; scan the rider, then the bags, to hand a run over.',
    },
    sale: { title: 'Sale', intro: 'Scan or search products, take payment and print the receipt.' },
    dayend: { title: 'Day end', intro: 'Cash count, stock count, pickup review and the end-of-day report.' },
    wishes: {
      title: 'Arrived today · customer wishes',
      intro: 'Products that arrived today that customers wished for.',
    },
    sync: { title: 'Sync', intro: 'Sync status with HQ, pending uploads and exceptions.' },
    staff: { title: 'Staff', intro: 'Sign-in, roles and the audit log.' },
    settings: { title: 'Settings', intro: 'Language, HQ connection and this terminal’s devices.' },
  },
  settings: {
    language: 'Language',
    languageName: { 'zh-CN': '简体中文', en: 'English' },
    about: 'About this terminal',
    version: 'Version',
    platform: 'Platform',
    saved: 'Saved',
    hq: {
      title: 'HQ connection',
      intro:
        'Which HQ, store and terminal this is. The first start sets it up as terminal 1 of the demo store.',
      url: 'HQ address',
      store: 'Store ID',
      terminal: 'Terminal ID',
      key: 'Terminal key',
      save: 'Save',
      test: 'Test connection',
      useDemo: 'Use demo HQ',
      checking: 'Connecting to HQ…',
      reachable: 'HQ is reachable.',
      unreachable: 'HQ is unreachable ({{detail}}). This terminal keeps working and syncs when it is back.',
      stage: {
        ok: 'HQ is reachable and accepts this terminal’s key. Save to use it.',
        unreachable: 'HQ is unreachable ({{detail}}). This terminal keeps working and syncs when it is back.',
        notHq: 'This address is not an HQ ({{detail}}). Check the address.',
        unauthorized: 'HQ does not accept this terminal key ({{detail}}).',
        forbidden: 'This key may not reach store {{store}} ({{detail}}).',
        error: 'HQ answered with an error ({{detail}}); try again later.',
      },
      invalid: 'Enter a valid HQ address (http or https), store, terminal and key.',
      pendingBlocks:
        '{{count}} records have not been uploaded. Sync or export them before changing store or terminal.',
    },
  },
};
