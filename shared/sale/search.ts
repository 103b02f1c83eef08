/**
 * Finding a product at the till, keystroke by keystroke. Ranking, best first:
 * 0 barcode exact › 1 PLU or SKU exact › 2 name prefix › 3 pinyin initials from
 * the first character › 4 full pinyin (or a mix: `牛n`, `niun`) from the first
 * character › 5 anything contained (name, SKU, initials or pinyin from a later
 * character). Polyphones: every reading of a character counts (长 → chang,
 * zhang), so `zc` and `cc` both find 长城.
 *
 * The index is plain data built once per catalogue (`buildSearchEntry`), with
 * each character's readings from pinyin-pro cached per character (a catalogue
 * of 20k names has a few thousand distinct characters).
 */
import { polyphonic } from 'pinyin-pro';

export interface SearchableProduct {
  sku: string;
  name: string;
  barcodes: readonly string[];
  plu?: string | undefined;
  /** HQ's pinyin initials (one reading), used as one more initials string. */
  pinyin: string;
}

export interface SearchEntry<P extends SearchableProduct = SearchableProduct> {
  product: P;
  /** Lower-case name without spaces. */
  name: string;
  /** `name` split into characters (code points). */
  chars: readonly string[];
  /** Per character of `name`: its readings, lower-case, no tones (a non-Han character reads as itself). */
  readings: readonly (readonly string[])[];
  /** First-reading initials, and HQ's initials when they differ. */
  initials: readonly string[];
  skuLower: string;
}

export type SearchTier = 0 | 1 | 2 | 3 | 4 | 5;

export interface SearchHit<P extends SearchableProduct = SearchableProduct> {
  product: P;
  tier: SearchTier;
}

const HAN = /\p{Script=Han}/u;
const readingCache = new Map<string, readonly string[]>();

/** The readings of one character (cached): pinyin-pro's polyphonic list, or the character itself. */
export function readingsOf(char: string): readonly string[] {
  let r = readingCache.get(char);
  if (!r) {
    if (HAN.test(char)) {
      const all = polyphonic(char, { toneType: 'none', type: 'array' })[0] ?? [];
      const clean = [...new Set(all.map((p) => p.toLowerCase().replace(/[^a-z]/g, '')).filter(Boolean))];
      r = clean.length > 0 ? clean : [char];
    } else {
      r = [char.toLowerCase()];
    }
    readingCache.set(char, r);
  }
  return r;
}

export const normalizeQuery = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, '');

export function buildSearchEntry<P extends SearchableProduct>(product: P): SearchEntry<P> {
  const name = normalizeQuery(product.name);
  const chars = [...name];
  const readings = chars.map(readingsOf);
  const first = readings.map((r) => r[0]!.charAt(0)).join('');
  const hq = product.pinyin.toLowerCase();
  return {
    product,
    name,
    chars,
    readings,
    initials: hq && hq !== first ? [first, hq] : [first],
    skuLower: product.sku.toLowerCase(),
  };
}

/**
 * Does `q` (lower-case, no spaces) match the name's characters from `start`?
 * A Han character in the query must be that character; latin letters read a
 * character's initial, its full syllable, or (at the end) a prefix of it.
 * Returns 'initials' when only initials were needed, 'full' otherwise, null when
 * it does not match.
 */
export function matchPinyin(
  chars: readonly string[],
  readings: readonly (readonly string[])[],
  q: string,
  start: number,
): 'initials' | 'full' | null {
  let onlyInitials = true;
  const go = (ci: number, qi: number, initialsSoFar: boolean): boolean => {
    if (qi === q.length) {
      onlyInitials = initialsSoFar;
      return true;
    }
    if (ci >= chars.length) return false;
    const c = q.charAt(qi);
    const qc = q.codePointAt(qi)!;
    if (qc > 0x7f) {
      const ch = String.fromCodePoint(qc);
      return chars[ci] === ch && go(ci + 1, qi + ch.length, initialsSoFar);
    }
    const rs = readings[ci]!;
    // Initials first: the cheapest reading of `nn`.
    for (const r of rs)
      if (r.charAt(0) === c && go(ci + 1, qi + 1, initialsSoFar && r.length > 0)) return true;
    for (const r of rs) {
      if (r.length > 1 && q.startsWith(r, qi) && go(ci + 1, qi + r.length, false)) return true;
      const rest = q.slice(qi);
      if (rest.length > 1 && r.length > rest.length && r.startsWith(rest)) {
        onlyInitials = false;
        return true;
      }
    }
    return false;
  };
  if (!go(start, 0, true)) return null;
  return onlyInitials ? 'initials' : 'full';
}

function tierOf(entry: SearchEntry, q: string, digitsOnly: boolean): SearchTier | null {
  const p = entry.product;
  if (digitsOnly && (p.barcodes.includes(q) || (q.length === 12 && p.barcodes.includes(`0${q}`)))) return 0;
  if (p.plu === q || entry.skuLower === q) return 1;
  if (entry.name.startsWith(q)) return 2;
  const chars = entry.chars;
  if (entry.initials.some((i) => i.startsWith(q))) return 3;
  const head = matchPinyin(chars, entry.readings, q, 0);
  if (head === 'initials') return 3;
  if (head === 'full') return 4;
  if (entry.name.includes(q) || entry.skuLower.includes(q) || entry.initials.some((i) => i.includes(q)))
    return 5;
  if (digitsOnly && (p.barcodes.some((b) => b.includes(q)) || p.plu?.startsWith(q))) return 5;
  for (let s = 1; s < chars.length; s++) if (matchPinyin(chars, entry.readings, q, s)) return 5;
  return null;
}

/** The best `limit` matches for what the clerk has typed so far. */
export function searchProducts<P extends SearchableProduct>(
  entries: readonly SearchEntry<P>[],
  text: string,
  limit = 20,
): SearchHit<P>[] {
  const q = normalizeQuery(text);
  if (q.length === 0) return [];
  const digitsOnly = /^\d+$/.test(q);
  const hits: { entry: SearchEntry<P>; tier: SearchTier }[] = [];
  for (const entry of entries) {
    const tier = tierOf(entry, q, digitsOnly);
    if (tier !== null) hits.push({ entry, tier });
  }
  hits.sort(
    (a, b) =>
      a.tier - b.tier ||
      a.entry.name.length - b.entry.name.length ||
      (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0),
  );
  return hits.slice(0, limit).map((h) => ({ product: h.entry.product, tier: h.tier }));
}
