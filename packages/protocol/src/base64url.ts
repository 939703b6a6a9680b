// atob and btoa exist in Node, browsers and Workers alike, unlike Buffer or Uint8Array.fromBase64.

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Bytes as unpadded base64url. */
export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Unpadded base64url back to bytes; undefined for text that is not base64url. */
export function base64urlToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
