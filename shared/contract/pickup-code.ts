/**
 * The 6-digit pickup code is never shipped in the feed: orders carry
 * `pickupCodeHash` = lower-case hex SHA-256 of `storeId + ':' + pickupCode`, so
 * a typed code is looked up offline by hashing it the same way.
 */
export async function pickupCodeHash(storeId: string, pickupCode: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${storeId}:${pickupCode}`));
  return toHex(new Uint8Array(digest));
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
