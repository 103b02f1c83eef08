import { pinyin } from 'pinyin-pro';
import type { Product, TemperatureZone } from '../../shared/contract';
import type { Rng } from './rng';

/**
 * The demo catalogue: fresh produce, dairy, grain and oil, paper goods,
 * condiments and frozen food, with valid EAN-13s (prefix 69, China) and scale
 * PLUs for weighed goods. Deterministic for a seed.
 */

interface Line {
  category: string;
  zone: TemperatureZone;
  brands: readonly string[];
  /** [name, unit, price in fen, specs] */
  items: readonly (readonly [string, string, number, readonly string[]])[];
}

/** Loose goods sold by weight: [name, zone, price per kg in fen]. */
const WEIGHED: readonly (readonly [string, TemperatureZone, number])[] = [
  ['西红柿', 'ambient', 698],
  ['黄瓜', 'ambient', 598],
  ['土豆', 'ambient', 398],
  ['胡萝卜', 'ambient', 458],
  ['大白菜', 'ambient', 258],
  ['菠菜', 'chilled', 898],
  ['生菜', 'chilled', 798],
  ['油麦菜', 'chilled', 798],
  ['芹菜', 'ambient', 598],
  ['茄子', 'ambient', 698],
  ['青椒', 'ambient', 798],
  ['洋葱', 'ambient', 398],
  ['大蒜', 'ambient', 1398],
  ['生姜', 'ambient', 1598],
  ['西兰花', 'chilled', 1198],
  ['花菜', 'ambient', 798],
  ['冬瓜', 'ambient', 298],
  ['南瓜', 'ambient', 398],
  ['苦瓜', 'ambient', 898],
  ['丝瓜', 'ambient', 798],
  ['山药', 'ambient', 1298],
  ['莲藕', 'ambient', 1098],
  ['豆角', 'ambient', 998],
  ['韭菜', 'chilled', 798],
  ['香菇', 'chilled', 1998],
  ['苹果', 'ambient', 1298],
  ['香蕉', 'ambient', 798],
  ['橙子', 'ambient', 1098],
  ['雪梨', 'ambient', 998],
  ['葡萄', 'chilled', 1898],
  ['西瓜', 'ambient', 398],
  ['猕猴桃', 'ambient', 1598],
  ['芒果', 'ambient', 1398],
  ['柚子', 'ambient', 698],
  ['水蜜桃', 'chilled', 1598],
  ['火龙果', 'ambient', 1198],
  ['砂糖橘', 'ambient', 998],
  ['哈密瓜', 'ambient', 898],
  ['五花肉', 'chilled', 3598],
  ['猪里脊', 'chilled', 3998],
  ['猪排骨', 'chilled', 4598],
  ['牛腱子', 'chilled', 8998],
  ['鸡腿', 'chilled', 2398],
  ['鸡翅中', 'chilled', 4598],
  ['鲈鱼', 'chilled', 4998],
  ['草鱼', 'chilled', 2598],
];

const LINES: readonly Line[] = [
  {
    category: '生鲜果蔬',
    zone: 'chilled',
    brands: ['邻里优选', '田园鲜', '绿野农庄'],
    items: [
      ['小番茄', '盒', 990, ['250g', '500g']],
      ['土鸡蛋', '盒', 1890, ['10枚', '20枚']],
      ['嫩豆腐', '盒', 350, ['400g']],
      ['金针菇', '袋', 390, ['200g']],
      ['鲜香菜', '把', 290, ['100g']],
      ['蓝莓', '盒', 2590, ['125g']],
      ['草莓', '盒', 3990, ['500g']],
      ['净菜沙拉', '盒', 1290, ['250g']],
    ],
  },
  {
    category: '乳品',
    zone: 'chilled',
    brands: ['青青牧场', '晨露', '天湖', '邻里优选'],
    items: [
      ['纯牛奶', '盒', 650, ['250ml', '1L']],
      ['鲜牛奶', '瓶', 1580, ['950ml', '450ml']],
      ['低脂牛奶', '盒', 720, ['250ml']],
      ['原味酸奶', '杯', 590, ['200g']],
      ['无糖酸奶', '杯', 690, ['200g']],
      ['草莓酸奶', '杯', 650, ['200g']],
      ['希腊酸奶', '杯', 890, ['135g']],
      ['奶酪片', '袋', 2390, ['200g']],
      ['黄油', '块', 2890, ['227g']],
      ['巧克力牛奶', '盒', 750, ['250ml']],
      ['儿童成长牛奶', '盒', 890, ['200ml']],
    ],
  },
  {
    category: '粮油',
    zone: 'ambient',
    brands: ['金穗', '五谷丰', '北大荒原', '邻里优选'],
    items: [
      ['东北大米', '袋', 4990, ['5kg', '10kg']],
      ['泰国香米', '袋', 6990, ['5kg']],
      ['高筋面粉', '袋', 2590, ['2.5kg', '5kg']],
      ['鸡蛋挂面', '袋', 690, ['1kg']],
      ['黄小米', '袋', 1590, ['1kg']],
      ['糯米', '袋', 1390, ['1kg']],
      ['绿豆', '袋', 1290, ['500g']],
      ['红豆', '袋', 1190, ['500g']],
      ['燕麦片', '袋', 1990, ['1kg']],
      ['花生油', '桶', 8990, ['5L', '1.8L']],
      ['菜籽油', '桶', 6990, ['5L']],
      ['玉米油', '桶', 7490, ['5L', '1.8L']],
      ['芝麻油', '瓶', 2290, ['400ml']],
    ],
  },
  {
    category: '纸品',
    zone: 'ambient',
    brands: ['柔云', '清风谷', '邻里优选'],
    items: [
      ['抽纸', '提', 1590, ['3包', '6包']],
      ['卷纸', '提', 2990, ['10卷', '12卷']],
      ['厨房用纸', '提', 1290, ['2卷']],
      ['手帕纸', '条', 990, ['10包']],
      ['湿巾', '包', 890, ['80片']],
      ['面巾纸', '盒', 690, ['200抽']],
    ],
  },
  {
    category: '调味品',
    zone: 'ambient',
    brands: ['海天地', '老恒和', '邻里优选', '川味坊'],
    items: [
      ['生抽', '瓶', 1290, ['500ml', '1.9L']],
      ['老抽', '瓶', 1190, ['500ml']],
      ['香醋', '瓶', 890, ['500ml']],
      ['料酒', '瓶', 790, ['500ml']],
      ['蚝油', '瓶', 1090, ['700g']],
      ['食用盐', '袋', 250, ['400g']],
      ['白砂糖', '袋', 690, ['500g']],
      ['鸡精', '袋', 1290, ['200g']],
      ['豆瓣酱', '瓶', 1090, ['500g']],
      ['番茄酱', '瓶', 990, ['320g']],
      ['火锅底料', '袋', 1590, ['150g']],
      ['芝麻酱', '瓶', 1490, ['300g']],
      ['白胡椒粉', '瓶', 890, ['35g']],
    ],
  },
  {
    category: '冷冻食品',
    zone: 'frozen',
    brands: ['湾仔渔家', '三全心', '邻里优选'],
    items: [
      ['猪肉白菜水饺', '袋', 2290, ['1kg', '500g']],
      ['三鲜水饺', '袋', 2590, ['1kg']],
      ['黑芝麻汤圆', '袋', 1290, ['500g']],
      ['鲜肉馄饨', '袋', 1890, ['500g']],
      ['牛肉丸', '袋', 2990, ['500g']],
      ['冻虾仁', '袋', 4590, ['400g']],
      ['香草冰淇淋', '盒', 3290, ['500g']],
      ['鲜肉小笼包', '袋', 1990, ['400g']],
      ['速冻甜玉米', '袋', 1290, ['1kg']],
    ],
  },
];

export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export const pinyinInitials = (name: string): string =>
  pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

export function buildCatalog(rng: Rng): Product[] {
  const products: Product[] = [];
  const eans = new Set<string>();
  const ean = () => {
    for (;;) {
      const first12 = `69${rng.digits(10)}`;
      const code = `${first12}${ean13CheckDigit(first12)}`;
      if (!eans.has(code)) {
        eans.add(code);
        return code;
      }
    }
  };
  WEIGHED.forEach(([name, zone, price], i) => {
    const plu = String(10001 + i).padStart(5, '0');
    products.push({
      sku: `P${plu}`,
      barcodes: [],
      name,
      pinyin: pinyinInitials(name),
      unit: 'kg',
      priceFen: price,
      weighed: true,
      plu,
      zone,
      category: '生鲜果蔬',
      active: true,
    });
  });
  let serial = 1;
  for (const line of LINES) {
    for (const [base, unit, price, specs] of line.items) {
      for (const brand of line.brands) {
        specs.forEach((spec, si) => {
          const name = `${brand}${base} ${spec}`;
          // bigger packs cost proportionally more; brands differ a little
          const factor = si === 0 ? 1 : 1.8;
          const priceFen = Math.round((price * factor * (0.9 + rng.next() * 0.3)) / 10) * 10;
          products.push({
            sku: `S${String(serial++).padStart(5, '0')}`,
            barcodes: [ean()],
            name,
            pinyin: pinyinInitials(`${brand}${base}`),
            unit,
            priceFen,
            weighed: false,
            zone: line.zone,
            category: line.category,
            active: true,
          });
        });
      }
    }
  }
  return products;
}
