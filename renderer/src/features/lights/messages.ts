import { defineMessages } from '../../i18n/define';

export const lightsMessages = defineMessages({
  'zh-CN': {
    region: '货架灯（模拟）',
    lit: '亮灯货位',
    color: { green: '绿', blue: '蓝', red: '红', amber: '黄' },
    blinking: '闪烁',
  },
  en: {
    region: 'Shelf lights (simulated)',
    lit: 'Lit slots',
    color: { green: 'green', blue: 'blue', red: 'red', amber: 'amber' },
    blinking: 'blinking',
  },
});
