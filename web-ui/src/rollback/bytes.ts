/**
 * Bytes helpers of rollback mode: sha256 (WebCrypto where the page has it; JavaFX's WebKit offers
 * crypto.subtle only to secure contexts, which a jar: or file: page may not be, so a small JS
 * implementation stands in), base64 for the bridge, and reading the export from a URL.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** sha256 in plain JS (FIPS 180-4), lower-case hex. About 100 MB/s in a JIT; fine for a fallback. */
export function sha256Js(data: Uint8Array): string {
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const bitLen = data.length * 8;
  const padded = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 0x100000000));
  view.setUint32(padded.length - 4, bitLen >>> 0);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!, b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] = (h[0]! + a) | 0; h[1] = (h[1]! + b) | 0; h[2] = (h[2]! + c) | 0; h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0; h[5] = (h[5]! + f) | 0; h[6] = (h[6]! + g) | 0; h[7] = (h[7]! + hh) | 0;
  }
  return [...h].map((x) => x.toString(16).padStart(8, '0')).join('');
}

/** sha256 of `data` as lower-case hex: WebCrypto when the page has it, else the JS implementation. */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle && typeof subtle.digest === 'function') {
    try {
      const digest = new Uint8Array(await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
      return [...digest].map((x) => x.toString(16).padStart(2, '0')).join('');
    } catch {
      // Not allowed here (an insecure context): fall through.
    }
  }
  return sha256Js(data);
}

/** Base64 of `data`, built in chunks (String.fromCharCode has an argument limit). */
export function toBase64(data: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < data.length; i += 0x8000) {
    parts.push(String.fromCharCode(...data.subarray(i, i + 0x8000)));
  }
  return btoa(parts.join(''));
}

export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * The bytes at `url`: XHR with responseType 'arraybuffer' first (WebKit's fetch() may refuse file:
 * and jar: URLs; a file: XHR reports status 0 on success), then fetch().
 */
export async function fetchBytes(url: string, win: Window & typeof globalThis = window): Promise<Uint8Array> {
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      const xhr = new win.XMLHttpRequest();
      xhr.open('GET', url, true);
      xhr.responseType = 'arraybuffer';
      xhr.onload = () => {
        const ok = xhr.status === 200 || (xhr.status === 0 && xhr.response instanceof ArrayBuffer && xhr.response.byteLength > 0);
        if (ok) resolve(new Uint8Array(xhr.response as ArrayBuffer));
        else reject(new Error(`reading ${url} failed (status ${xhr.status})`));
      };
      xhr.onerror = () => reject(new Error(`reading ${url} failed`));
      xhr.send();
    });
  } catch (xhrError) {
    if (typeof win.fetch !== 'function') throw xhrError;
    const response = await win.fetch(url);
    if (!response.ok && response.status !== 0) throw new Error(`reading ${url} failed (status ${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  }
}
