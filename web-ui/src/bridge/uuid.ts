/** Request ids: RFC 4122 version 4 UUIDs. */

type CryptoLike = Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string };

const HEX = Array.from({ length: 256 }, (_, i) => (i + 0x100).toString(16).slice(1));

/** A v4 UUID built from crypto.getRandomValues, for engines without crypto.randomUUID. */
export function uuidFromRandomValues(crypto: Pick<Crypto, 'getRandomValues'>): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = (i: number): string => HEX[b[i] ?? 0] ?? '00';
  return (
    h(0) + h(1) + h(2) + h(3) + '-' + h(4) + h(5) + '-' + h(6) + h(7) + '-' +
    h(8) + h(9) + '-' + h(10) + h(11) + h(12) + h(13) + h(14) + h(15)
  );
}

/** Uses crypto.randomUUID when the engine has it (older WebKit builds do not). */
export function newRequestId(crypto: CryptoLike = globalThis.crypto): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return uuidFromRandomValues(crypto);
}
