/**
 * Work on screen that a reload would lose (a sale being rung up) registers how
 * to put itself away; Settings calls `holdWorkBeforeReload()` before a save that
 * reloads the window (a new HQ origin needs a page with a new CSP).
 */
type Hold = () => Promise<void> | void;

const holds = new Set<Hold>();

/** Returns the unregister function (call it on unmount). */
export function registerHoldBeforeReload(hold: Hold): () => void {
  holds.add(hold);
  return () => holds.delete(hold);
}

export async function holdWorkBeforeReload(): Promise<void> {
  for (const hold of [...holds]) await hold();
}

/** The till reports whether a sale is being rung up (an update never installs mid-sale). */
const openSales = new Set<() => boolean>();

export function registerOpenSale(isOpen: () => boolean): () => void {
  openSales.add(isOpen);
  return () => openSales.delete(isOpen);
}

export function anySaleOpen(): boolean {
  return [...openSales].some((isOpen) => isOpen());
}
