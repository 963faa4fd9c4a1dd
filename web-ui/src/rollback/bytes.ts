/**
 * Bytes helpers of rollback mode: sha256 (WebCrypto where the page has it; JavaFX's WebKit offers
 * crypto.subtle only to secure contexts, which a jar: or file: page may not be, so a small JS
 * implementation stands in), base64 for the bridge, and reading the export from a URL.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/**
 * Compresses the 64-byte blocks of `d` from `from` to `to` into `h`. Everything stays in int32
 * (Int32Array, `| 0`), which JavaScriptCore keeps in integer registers; Uint32Array reads above 2^31
 * and DataView calls made the first version 50 times slower in the WebView.
 */
function blocks(h: Int32Array, w: Int32Array, d: Uint8Array, from: number, to: number): void {
  let h0 = h[0]!, h1 = h[1]!, h2 = h[2]!, h3 = h[3]!, h4 = h[4]!, h5 = h[5]!, h6 = h[6]!, h7 = h[7]!;
  for (let off = from; off < to; off += 64) {
    for (let i = 0, j = off; i < 16; i++, j += 4) {
      w[i] = (d[j]! << 24) | (d[j + 1]! << 16) | (d[j + 2]! << 8) | d[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!, y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, e = h4, f = h5, g = h6, hh = h7, dd = h3;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g; g = f; f = e; e = (dd + t1) | 0; dd = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + dd) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + hh) | 0;
  }
  h[0] = h0; h[1] = h1; h[2] = h2; h[3] = h3; h[4] = h4; h[5] = h5; h[6] = h6; h[7] = h7;
}

const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
/** Bytes hashed between two calls of blocks() (JavaScriptCore optimizes a function after enough calls). */
const CALL_BYTES = 4096;
/** Bytes hashed between two yields to the page (about 0.1 s in the WebView). */
export const SLICE_BYTES = 1024 * 1024;

/** The last partial block, the 0x80 marker and the bit length (one or two blocks), and the hex digest. */
function finish(h: Int32Array, w: Int32Array, data: Uint8Array, whole: number): string {
  const tail = new Uint8Array(data.length - whole + 9 > 64 ? 128 : 64);
  tail.set(data.subarray(whole));
  tail[data.length - whole] = 0x80;
  const bits = data.length * 8;
  const hi = Math.floor(bits / 0x100000000);
  for (let i = 0; i < 4; i++) {
    tail[tail.length - 8 + i] = (hi >>> (24 - 8 * i)) & 0xff;
    tail[tail.length - 4 + i] = (bits >>> (24 - 8 * i)) & 0xff;
  }
  blocks(h, w, tail, 0, tail.length);
  let hex = '';
  for (let i = 0; i < 8; i++) hex += (h[i]! >>> 0).toString(16).padStart(8, '0');
  return hex;
}

/** sha256 in plain JS (FIPS 180-4), lower-case hex, for pages without WebCrypto (JavaFX's WebView). */
export function sha256Js(data: Uint8Array): string {
  const h = new Int32Array(INITIAL);
  const w = new Int32Array(64);
  const whole = data.length - (data.length % 64);
  for (let from = 0; from < whole; from += CALL_BYTES) blocks(h, w, data, from, Math.min(whole, from + CALL_BYTES));
  return finish(h, w, data, whole);
}

/**
 * sha256Js in slices with a pause between them, so that hashing a 10 MB snapshot (about a second in the
 * WebView, whose JIT runs this at roughly 10 MB/s) does not freeze typing. `data` must not change meanwhile.
 */
export async function sha256JsSliced(data: Uint8Array, pause: () => Promise<void> = () =>
  new Promise((resolve) => setTimeout(resolve, 0))): Promise<string> {
  const h = new Int32Array(INITIAL);
  const w = new Int32Array(64);
  const whole = data.length - (data.length % 64);
  for (let from = 0; from < whole; from += CALL_BYTES) {
    blocks(h, w, data, from, Math.min(whole, from + CALL_BYTES));
    if ((from + CALL_BYTES) % SLICE_BYTES === 0 && from + CALL_BYTES < whole) await pause();
  }
  return finish(h, w, data, whole);
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
  return sha256JsSliced(data);
}

const B64 = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

/**
 * Base64 of `data`, encoded into a byte buffer with a table and turned into a string once
 * (String.fromCharCode + btoa took seconds for 20 MB in the WebView).
 */
export function toBase64(data: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(data.length / 3) * 4);
  const n = data.length - (data.length % 3);
  let o = 0;
  for (let i = 0; i < n; i += 3) {
    const v = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    out[o++] = B64[v >>> 18]!;
    out[o++] = B64[(v >>> 12) & 63]!;
    out[o++] = B64[(v >>> 6) & 63]!;
    out[o++] = B64[v & 63]!;
  }
  const rest = data.length - n;
  if (rest > 0) {
    const v = (data[n]! << 16) | (rest === 2 ? data[n + 1]! << 8 : 0);
    out[o++] = B64[v >>> 18]!;
    out[o++] = B64[(v >>> 12) & 63]!;
    out[o++] = rest === 2 ? B64[(v >>> 6) & 63]! : 61;
    out[o++] = 61;
  }
  return new TextDecoder('ascii').decode(out);
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
