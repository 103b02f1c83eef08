import type { Locator, Page } from '@playwright/test';
import { SignInPage } from './SignInPage';

export const SCREEN_NAMES = {
  'zh-CN': {
    counter: '柜台取货',
    shelf: '货架',
    dispatch: '配送',
    sale: '收银',
    dayend: '日结',
    wishes: '顾客心愿',
    sync: '同步',
    staff: '员工',
    settings: '设置',
  },
  en: {
    counter: 'Pickup',
    shelf: 'Shelf',
    dispatch: 'Delivery',
    sale: 'Sale',
    dayend: 'Day end',
    wishes: 'Wishes',
    sync: 'Sync',
    staff: 'Staff',
    settings: 'Settings',
  },
} as const;
export type ScreenKey = keyof (typeof SCREEN_NAMES)['en'];

/** Page object for the app shell: navigation, language, readiness. */
export class ShellPage {
  constructor(readonly page: Page) {}

  async open(path = '/') {
    await this.page.goto(path);
    await this.page.locator('html[data-ready="true"]').waitFor();
  }

  /** Opens the app and signs in as the demo clerk 王芳 (badge LS-C01, PIN 1234). */
  async openSignedIn(path = '/') {
    await this.open(path);
    const signIn = new SignInPage(this.page);
    await signIn.waitForStaff();
    await signIn.signInByBadge('LS-C01', '1234', '王芳');
  }

  nav(): Locator {
    return this.page.getByRole('navigation');
  }

  async goTo(screen: ScreenKey, language: keyof typeof SCREEN_NAMES) {
    await this.nav().getByRole('link', { name: SCREEN_NAMES[language][screen], exact: true }).click();
  }

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  async chooseLanguage(label: '简体中文' | 'English') {
    await this.page.getByRole('radio', { name: label }).check();
  }
}
