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
  /**
   * Initials strings: the first readings', each polyphone's other readings swapped in one at a
   * time, and HQ's initials — so prefix and containment are native string searches.
   */
  initials: readonly string[];
  /** Full pinyin strings (`mengniuchunniunai`), with the same polyphone variants. */
  full: readonly string[];
  /** Initial letters of the first character's readings: a fast "cannot match from the start". */
  heads: string;
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

/** The first-reading string and, per polyphone character, the string with its other readings. */
function variants(readings: readonly (readonly string[])[], pick: (reading: string) => string): string[] {
  const base = readings.map((r) => pick(r[0]!));
  const out = new Set([base.join('')]);
  readings.forEach((r, i) => {
    for (const alt of r.slice(1)) {
      if (out.size >= 12) return;
      const next = [...base];
      next[i] = pick(alt);
      out.add(next.join(''));
    }
  });
  return [...out];
}

export function buildSearchEntry<P extends SearchableProduct>(product: P): SearchEntry<P> {
  const name = normalizeQuery(product.name);
  const chars = [...name];
  const readings = chars.map(readingsOf);
  const initials = variants(readings, (r) => r.charAt(0));
  const hq = product.pinyin.toLowerCase();
  if (hq && !initials.includes(hq)) initials.push(hq);
  return {
    product,
    name,
    chars,
    readings,
    initials,
    full: variants(readings, (r) => r),
    heads: (readings[0] ?? []).map((r) => r.charAt(0)).join(''),
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
  const found = matchFrom(chars, readings, q, start, 0, true);
  return found === 0 ? null : found === 1 ? 'initials' : 'full';
}

/** 0: no match; 1: matched with initials only; 2: matched using full syllables. */
function matchFrom(
  chars: readonly string[],
  readings: readonly (readonly string[])[],
  q: string,
  ci: number,
  qi: number,
  onlyInitials: boolean,
): 0 | 1 | 2 {
  if (qi === q.length) return onlyInitials ? 1 : 2;
  if (ci >= chars.length) return 0;
  const code = q.codePointAt(qi)!;
  if (code > 0x7f) {
    const ch = String.fromCodePoint(code);
    return chars[ci] === ch ? matchFrom(chars, readings, q, ci + 1, qi + ch.length, onlyInitials) : 0;
  }
  const c = q.charAt(qi);
  const rs = readings[ci]!;
  // Initials first: the cheapest reading of `nn`.
  for (const r of rs) {
    if (r.charAt(0) !== c) continue;
    const m = matchFrom(chars, readings, q, ci + 1, qi + 1, onlyInitials);
    if (m) return m;
  }
  for (const r of rs) {
    if (r.length < 2 || r.charAt(0) !== c) continue;
    if (q.startsWith(r, qi)) {
      const m = matchFrom(chars, readings, q, ci + 1, qi + r.length, false);
      if (m) return m;
    }
    // The query ends inside this syllable: `niun` reads 牛奶 up to 'n' of nai.
    const rest = q.length - qi;
    if (rest > 1 && r.length > rest && r.startsWith(q.slice(qi))) return 2;
  }
  return 0;
}

function tierOf(entry: SearchEntry, q: string, digitsOnly: boolean, hasHan: boolean): SearchTier | null {
  const p = entry.product;
  if (digitsOnly) {
    if (p.barcodes.includes(q) || (q.length === 12 && p.barcodes.includes(`0${q}`))) return 0;
    if (p.plu === q) return 1;
    if (entry.name.startsWith(q)) return 2;
    return entry.name.includes(q) || p.barcodes.some((b) => b.includes(q)) || p.plu?.startsWith(q) ? 5 : null;
  }
  if (entry.skuLower === q) return 1;
  if (entry.name.startsWith(q)) return 2;
  const first = q.charAt(0);
  if (hasHan || entry.heads.includes(first)) {
    if (!hasHan && entry.initials.some((i) => i.startsWith(q))) return 3;
    if (!hasHan && entry.full.some((f) => f.startsWith(q))) return 4;
    // A mix of initials and syllables (`nnai`, `niun`) or of characters and letters (`牛n`).
    const head = matchFrom(entry.chars, entry.readings, q, 0, 0, true);
    if (head) return head === 1 ? 3 : 4;
  }
  if (entry.name.includes(q) || entry.skuLower.includes(q)) return 5;
  if (!hasHan)
    return entry.initials.some((i) => i.includes(q)) || entry.full.some((f) => f.includes(q)) ? 5 : null;
  // Characters and letters mixed, later in the name: from each place the query's first character stands.
  const chars = entry.chars;
  const lead = String.fromCodePoint(q.codePointAt(0)!);
  for (let s = 1; s < chars.length; s++)
    if (chars[s] === lead && matchFrom(chars, entry.readings, q, s, 0, true)) return 5;
  return null;
}

/** The best `limit` matches for what the clerk has typed so far. */
export function searchProducts<P extends SearchableProduct>(
  entries: readonly SearchEntry<P>[],
  text: string,
  limit = 20,
): SearchHit<P>[] {
  const q = normalizeQuery(text);
  if (q.length === 0 || limit <= 0) return [];
  const digitsOnly = /^\d+$/.test(q);
  const hasHan = HAN.test(q);
  // The best `limit` so far, kept sorted (a short keystroke can match most of the catalogue).
  const best: { entry: SearchEntry<P>; tier: SearchTier }[] = [];
  const before = (
    a: { entry: SearchEntry<P>; tier: SearchTier },
    b: { entry: SearchEntry<P>; tier: SearchTier },
  ) =>
    a.tier - b.tier ||
    a.entry.name.length - b.entry.name.length ||
    (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0);
  for (const entry of entries) {
    const tier = tierOf(entry, q, digitsOnly, hasHan);
    if (tier === null) continue;
    const hit = { entry, tier };
    if (best.length === limit && before(hit, best[limit - 1]!) >= 0) continue;
    let i = best.length;
    while (i > 0 && before(hit, best[i - 1]!) < 0) i--;
    best.splice(i, 0, hit);
    if (best.length > limit) best.pop();
  }
  return best.map((h) => ({ product: h.entry.product, tier: h.tier }));
}
