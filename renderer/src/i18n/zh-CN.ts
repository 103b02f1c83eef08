import type { Widen } from './define';

/** Simplified Chinese: the default language and the source of every key. */
export const zhCN = {
  app: {
    name: '邻里柜台',
    skipToContent: '跳到主要内容',
    screenLoading: '正在加载…',
    mainNav: '主导航',
    loading: '正在启动…',
  },
  nav: {
    counter: '柜台取货',
    shelf: '货架',
    dispatch: '配送',
    sale: '收银',
    dayend: '日结',
    sync: '同步',
    staff: '员工',
    settings: '设置',
    wishes: '顾客心愿',
  },
  screen: {
    coming: '此功能即将上线。',
    counter: { title: '柜台取货', intro: '扫描取货码、订单号或手机尾号，找到订单并交付。' },
    shelf: { title: '智能货架', intro: '上架、货位图和逾期未取订单。' },
    dispatch: { title: '定时送达', intro: '按配送时段看待送订单，扫骑手码和袋子交给骑手。' },
    sale: { title: '收银', intro: '扫码或搜索商品，结算并打印小票。' },
    dayend: { title: '日结', intro: '点钞、盘点、取货核对和日结报表。' },
    wishes: { title: '今日到货·顾客心愿', intro: '今天到货、正好是顾客想要的商品。' },
    sync: { title: '同步', intro: '与总部的同步状态、待上传数据和异常。' },
    staff: { title: '员工', intro: '登录、权限和操作日志。' },
    settings: { title: '设置', intro: '语言、总部连接和本机设备。' },
  },
  settings: {
    language: '界面语言',
    languageName: { 'zh-CN': '简体中文', en: 'English' },
    about: '关于本机',
    version: '版本',
    platform: '运行环境',
    saved: '已保存',
    hq: {
      title: '总部连接',
      intro: '本机连接的总部、门店和收银台编号。首次启动已配置为演示门店的 1 号收银台。',
      url: '总部地址',
      store: '门店编号',
      terminal: '收银台编号',
      key: '本机密钥',
      save: '保存',
      test: '测试连接',
      useDemo: '使用演示总部',
      checking: '正在连接总部…',
      reachable: '总部可以连接。',
      unreachable: '连不上总部（{{detail}}）。本机照常工作，恢复后自动同步。',
      stage: {
        ok: '总部可以连接，本机密钥有效。保存后生效。',
        unreachable: '连不上总部（{{detail}}）。本机照常工作，恢复后自动同步。',
        notHq: '这个地址不是总部服务（{{detail}}）。请检查地址。',
        unauthorized: '总部不认这个本机密钥（{{detail}}）。',
        forbidden: '这个密钥不能访问门店 {{store}}（{{detail}}）。',
        error: '总部出错（{{detail}}），稍后再试。',
      },
      invalid: '请填写有效的总部地址（http 或 https）、门店、收银台和密钥。',
      pendingBlocks: '还有 {{count}} 条数据未上传。请先同步或导出未同步数据，再更换门店或收银台。',
    },
  },
} as const;

export type Messages = Widen<typeof zhCN>;
