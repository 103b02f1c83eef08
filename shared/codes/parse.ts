/**
 * The one code parser: any scanned or typed text → a typed result. Table-driven
 * like a barcode nomenclature — `CODE_RULES` is an ordered list of rules, each
 * turning normalised text into a result, passing (null) or refusing it with a
 * reason (a product barcode whose check digit is wrong). The first rule that
 * matches wins; when none does, the result is `unrecognised` with the sanitised
 * text and the most specific reason any rule gave.
 *
 * Ambiguity, resolved by rule order and by `options.context`:
 * - 6 digits is a pickup code (no product symbology we read has 6 digits).
 * - 8/12/13 digits are EAN-8/UPC-A/EAN-13; a 13-digit code with a configured
 *   scale prefix (default 20–29) is a scale code, otherwise a product barcode.
 * - 18 digits starting 26 are both the 18-digit scale code and a possible Alipay
 *   code (16–24 digits starting 25–30). Rule: in the `payment` context it is a
 *   payment code; elsewhere it is a scale code when its GS1 check digit is valid
 *   and an Alipay code when it is not (Alipay codes carry no GS1 check digit, so
 *   one in ten would pass as a scale code — which is why the till asks for the
 *   customer's payment code in the `payment` context).
 * - WeChat Pay (18 digits, 10–15) and Alipay with other lengths/prefixes never
 *   collide with the store's own formats.
 */
import { gs1CheckDigit, hasValidGs1CheckDigit } from './checkDigit';
import {
  BAG_LABEL_RE,
  BATCH_CODE_RE,
  ORDER_NUMBER_RE,
  PICKUP_CODE_RE,
  PICKUP_TOKEN_PREFIX,
  RECEIPT_NO_RE,
  SLOT_ID_RE,
  SLOT_LABEL_RE,
  RIDER_BADGE_RE,
  STAFF_BADGE_RE,
  type ZoneLetter,
} from './formats';
import { normalizeScan, sanitizeForDisplay } from './normalize';

/** Where the scan happens: decides the 18-digit scale-code / Alipay overlap. */
export type ScanContext = 'counter' | 'till' | 'payment';

/** What the digits after PLU hold in a 13-digit scale code. */
export type ScaleEmbedded = 'price' | 'weight';

export interface ScaleLayout {
  /** 13-digit EAN-13 scale codes: two-digit prefix (2 + flag) → what the 5-digit value holds. */
  ean13: Readonly<Record<string, ScaleEmbedded>>;
  /** Two-digit prefix of the 18-digit Code 128 form `26 PLU(5) fen(5) grams(5) check`. */
  code18Prefix: string;
}

/**
 * Default layout: 20–24 price-embedded, 25–29 weight-embedded. Stores set their
 * scales' layout in settings; the parser only reads it.
 */
export const DEFAULT_SCALE_LAYOUT: ScaleLayout = {
  ean13: {
    '20': 'price',
    '21': 'price',
    '22': 'price',
    '23': 'price',
    '24': 'price',
    '25': 'weight',
    '26': 'weight',
    '27': 'weight',
    '28': 'weight',
    '29': 'weight',
  },
  code18Prefix: '26',
};

export interface ParseOptions {
  context?: ScanContext;
  scaleLayout?: ScaleLayout;
}

export type ProductSymbology = 'ean13' | 'ean8' | 'upcA';
export type PaymentProvider = 'wechat' | 'alipay';
export type UnrecognisedReason =
  'empty' | 'tooLong' | 'badCheckDigit' | 'malformedToken' | 'badDate' | 'unknownFormat';

const ZONES: Readonly<Record<ZoneLetter, 'ambient' | 'chilled' | 'frozen'>> = {
  A: 'ambient',
  C: 'chilled',
  F: 'frozen',
};

/** Every result carries `text`: the normalised text that was parsed. */
export type ParsedCode =
  | { kind: 'pickupToken'; text: string; token: string }
  | { kind: 'pickupCode'; text: string; code: string }
  | { kind: 'orderNumber'; text: string; orderNumber: string; date: string; serial: number }
  | { kind: 'bagLabel'; text: string; orderNumber: string; bagIndex: number }
  | { kind: 'slotLabel'; text: string; slotId: string; zone: 'ambient' | 'chilled' | 'frozen' }
  | { kind: 'productBarcode'; text: string; gtin: string; symbology: ProductSymbology; inStore: boolean }
  | {
      kind: 'scaleBarcode';
      text: string;
      form: 'ean13' | 'code18';
      plu: string;
      /** Amount in fen, when the code embeds it. */
      priceFen: number | null;
      /** Weight in grams, when the code embeds it. */
      weightGrams: number | null;
    }
  | { kind: 'paymentCode'; text: string; provider: PaymentProvider; code: string }
  | { kind: 'staffBadge'; text: string; staffId: string }
  /** A delivery rider's badge (RD-R01): the 配送 screen's, refused elsewhere by name. */
  | { kind: 'riderBadge'; text: string; riderId: string }
  | { kind: 'batchCode'; text: string; leaderId: string; date: string; sequence: number }
  | {
      kind: 'receiptNumber';
      text: string;
      receiptNo: string;
      terminalId: string;
      date: string;
      serial: number;
    }
  | { kind: 'unrecognised'; text: string; reason: UnrecognisedReason };

export type ParsedCodeKind = ParsedCode['kind'];

/** A rule's verdict: a result, "not mine" (null), or "mine but broken" with a reason. */
export type RuleOutcome = ParsedCode | { refused: UnrecognisedReason } | null;

export interface ScanInput {
  /** Normalised text (case as scanned). */
  text: string;
  /** Upper-cased text, for the store's case-insensitive formats. */
  upper: string;
  context: ScanContext;
  layout: ScaleLayout;
}

export interface CodeRule {
  name: string;
  match(input: ScanInput): RuleOutcome;
}

/** Longest text a rule is tried on; pickup tokens are well under this. */
export const MAX_CODE_LENGTH = 1024;

const TOKEN_SHAPE = /^LT1\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}$/;
const ALL_DIGITS = /^\d+$/;

/** yyyymmdd with a plausible month and day (calendar-exact checks belong to the order). */
function isPlausibleDate(yyyymmdd: string): boolean {
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

function productSymbology(digits: string): ProductSymbology | null {
  if (digits.length === 13) return 'ean13';
  if (digits.length === 12) return 'upcA';
  if (digits.length === 8) return 'ean8';
  return null;
}

function scaleFromEan13(text: string, layout: ScaleLayout): ParsedCode | null {
  const embedded = layout.ean13[text.slice(0, 2)];
  if (!embedded) return null;
  const value = Number(text.slice(7, 12));
  return {
    kind: 'scaleBarcode',
    text,
    form: 'ean13',
    plu: text.slice(2, 7),
    priceFen: embedded === 'price' ? value : null,
    weightGrams: embedded === 'weight' ? value : null,
  };
}

function scaleFromCode18(text: string): ParsedCode {
  return {
    kind: 'scaleBarcode',
    text,
    form: 'code18',
    plu: text.slice(2, 7),
    priceFen: Number(text.slice(7, 12)),
    weightGrams: Number(text.slice(12, 17)),
  };
}

function paymentProvider(digits: string): PaymentProvider | null {
  const prefix = Number(digits.slice(0, 2));
  if (digits.length === 18 && prefix >= 10 && prefix <= 15) return 'wechat';
  if (digits.length >= 16 && digits.length <= 24 && prefix >= 25 && prefix <= 30) return 'alipay';
  return null;
}

/**
 * The nomenclature, in priority order. Case-sensitive formats (the token) read
 * `text`; the store's own labels read `upper` so `ll2026…` from a CapsLock'd
 * keyboard still parses.
 */
export const CODE_RULES: readonly CodeRule[] = [
  {
    name: 'pickupToken',
    match: ({ text, upper }) => {
      if (!upper.startsWith(PICKUP_TOKEN_PREFIX)) return null;
      // The signature is checked elsewhere; here only the shape, case kept.
      const token = PICKUP_TOKEN_PREFIX + text.slice(PICKUP_TOKEN_PREFIX.length);
      return TOKEN_SHAPE.test(token) ? { kind: 'pickupToken', text, token } : { refused: 'malformedToken' };
    },
  },
  {
    name: 'pickupCode',
    match: ({ text }) => (PICKUP_CODE_RE.test(text) ? { kind: 'pickupCode', text, code: text } : null),
  },
  {
    name: 'orderNumber',
    match: ({ upper }) => {
      if (!ORDER_NUMBER_RE.test(upper)) return null;
      const date = upper.slice(2, 10);
      if (!isPlausibleDate(date)) return { refused: 'badDate' };
      return { kind: 'orderNumber', text: upper, orderNumber: upper, date, serial: Number(upper.slice(10)) };
    },
  },
  {
    name: 'bagLabel',
    match: ({ upper }) => {
      const m = BAG_LABEL_RE.exec(upper);
      if (!m?.[1] || !m[2]) return null;
      const bagIndex = Number(m[2]);
      if (bagIndex < 1 || !isPlausibleDate(m[1].slice(2, 10))) return { refused: 'badDate' };
      return { kind: 'bagLabel', text: upper, orderNumber: m[1], bagIndex };
    },
  },
  {
    name: 'slotLabel',
    // Labels print `SL-C2-07`; a clerk may type the bare slot id `C2-07`.
    match: ({ upper }) => {
      const slotId = SLOT_LABEL_RE.exec(upper)?.[1] ?? (SLOT_ID_RE.test(upper) ? upper : null);
      if (!slotId) return null;
      const zone = ZONES[slotId.charAt(0) as ZoneLetter];
      return { kind: 'slotLabel', text: upper, slotId, zone };
    },
  },
  {
    name: 'staffBadge',
    match: ({ upper }) => {
      const staffId = STAFF_BADGE_RE.exec(upper)?.[1];
      return staffId ? { kind: 'staffBadge', text: upper, staffId } : null;
    },
  },
  {
    name: 'riderBadge',
    match: ({ upper }) => {
      const riderId = RIDER_BADGE_RE.exec(upper)?.[1];
      return riderId ? { kind: 'riderBadge', text: upper, riderId } : null;
    },
  },
  {
    name: 'batchCode',
    match: ({ upper }) => {
      const m = BATCH_CODE_RE.exec(upper);
      if (!m?.[1] || !m[2] || !m[3]) return null;
      if (!isPlausibleDate(m[2])) return { refused: 'badDate' };
      return { kind: 'batchCode', text: upper, leaderId: m[1], date: m[2], sequence: Number(m[3]) };
    },
  },
  {
    name: 'receiptNumber',
    match: ({ upper }) => {
      const m = RECEIPT_NO_RE.exec(upper);
      if (!m?.[1] || !m[2] || !m[3]) return null;
      if (!isPlausibleDate(m[2])) return { refused: 'badDate' };
      return {
        kind: 'receiptNumber',
        text: upper,
        receiptNo: upper,
        terminalId: m[1],
        date: m[2],
        serial: Number(m[3]),
      };
    },
  },
  {
    name: 'paymentCode(payment context)',
    match: ({ text, context }) => {
      if (context !== 'payment' || !ALL_DIGITS.test(text)) return null;
      const provider = paymentProvider(text);
      return provider ? { kind: 'paymentCode', text, provider, code: text } : null;
    },
  },
  {
    name: 'scaleBarcode(18-digit)',
    match: ({ text, layout }) => {
      if (text.length !== 18 || !ALL_DIGITS.test(text) || !text.startsWith(layout.code18Prefix)) return null;
      // Invalid check digit: not a scale code — the payment rule below may claim it.
      return hasValidGs1CheckDigit(text) ? scaleFromCode18(text) : null;
    },
  },
  {
    name: 'paymentCode',
    match: ({ text }) => {
      if (!ALL_DIGITS.test(text)) return null;
      const provider = paymentProvider(text);
      return provider ? { kind: 'paymentCode', text, provider, code: text } : null;
    },
  },
  {
    name: 'scaleBarcode(EAN-13)',
    match: ({ text, layout }) => {
      if (text.length !== 13 || !ALL_DIGITS.test(text) || !layout.ean13[text.slice(0, 2)]) return null;
      return hasValidGs1CheckDigit(text) ? scaleFromEan13(text, layout) : { refused: 'badCheckDigit' };
    },
  },
  {
    name: 'productBarcode',
    match: ({ text }) => {
      if (!ALL_DIGITS.test(text)) return null;
      const symbology = productSymbology(text);
      if (!symbology) return null;
      if (!hasValidGs1CheckDigit(text)) return { refused: 'badCheckDigit' };
      // Restricted-circulation numbers: EAN 20–29 / 02x, UPC-A number system 2 or 4.
      const inStore =
        symbology === 'upcA'
          ? text.startsWith('2') || text.startsWith('4')
          : text.charAt(0) === '2' || text.startsWith('02');
      // A UPC-A is the EAN-13 with a leading 0: store it as the 13-digit GTIN.
      const gtin = symbology === 'upcA' ? `0${text}` : text;
      return { kind: 'productBarcode', text, gtin, symbology, inStore };
    },
  },
];

const unrecognised = (text: string, reason: UnrecognisedReason): ParsedCode => ({
  kind: 'unrecognised',
  text: sanitizeForDisplay(text),
  reason,
});

/**
 * Parses scanned or typed text. Never throws, whatever the input: every path
 * ends in a typed result (SPEC R3).
 */
export function parseCode(raw: string, options: ParseOptions = {}): ParsedCode {
  try {
    if (typeof raw !== 'string') return unrecognised('', 'empty');
    // A huge paste is not a code; cut before normalising so the cost stays bounded.
    const bounded = raw.length > MAX_CODE_LENGTH * 4 ? raw.slice(0, MAX_CODE_LENGTH * 4) : raw;
    const text = normalizeScan(bounded);
    if (text.length === 0) return unrecognised(text, 'empty');
    if (text.length > MAX_CODE_LENGTH || bounded !== raw) return unrecognised(text, 'tooLong');
    const input: ScanInput = {
      text,
      upper: text.toUpperCase(),
      context: options.context ?? 'counter',
      layout: options.scaleLayout ?? DEFAULT_SCALE_LAYOUT,
    };
    let refusal: UnrecognisedReason | null = null;
    for (const rule of CODE_RULES) {
      const outcome = rule.match(input);
      if (outcome === null) continue;
      if ('refused' in outcome) {
        refusal ??= outcome.refused;
        continue;
      }
      return outcome;
    }
    return unrecognised(text, refusal ?? 'unknownFormat');
  } catch {
    // Defence in depth: a rule bug must not take the counter down.
    return unrecognised(typeof raw === 'string' ? raw : '', 'unknownFormat');
  }
}

/** Builds a 13-digit scale code (prefix, 5-digit PLU, 5-digit value, check). */
export function makeScaleEan13(prefix: string, plu: number, value: number): string {
  const data = `${prefix}${String(plu).padStart(5, '0')}${String(value).padStart(5, '0')}`;
  return `${data}${gs1CheckDigit(data)}`;
}

/** Builds the 18-digit scale code `26 PLU(5) fen(5) grams(5) check`. */
export function makeScaleCode18(plu: number, priceFen: number, weightGrams: number, prefix = '26'): string {
  const pad = (n: number) => String(n).padStart(5, '0');
  const data = `${prefix}${pad(plu)}${pad(priceFen)}${pad(weightGrams)}`;
  return `${data}${gs1CheckDigit(data)}`;
}
