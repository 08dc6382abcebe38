// Bot tokens at rest: AES-256-GCM with a fresh 12-byte IV per value and a 16-byte tag, the key id in
// the envelope so keys can rotate. INFERCOST_ENCRYPTION_KEY is the key new values are written with;
// INFERCOST_ENCRYPTION_OLD_KEYS lists keys that may still have written older values (read only).
// Rotation: move the current key to the old keys, set a new one, restart every replica; values are
// re-encrypted with the new key as they are read (and whenever a token rotates). docs/deploy.md.
//
// Envelope: v1.<keyId>.<iv>.<tag>.<ciphertext> (base64url). The additional authenticated data binds a
// value to its row (e.g. the workspace it belongs to), so a ciphertext copied to another row fails.

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface TokenCipher {
  /** The id of the key new values are encrypted with. */
  readonly keyId: string;
  encrypt(plaintext: string, aad: string): string;
  /** The plaintext, and whether it was written with an old key (then write it again, re-encrypted). */
  decrypt(envelope: string, aad: string): { plaintext: string; stale: boolean };
  /** The key id an envelope was written with, or null when it is not one. */
  keyIdOf(envelope: string): string | null;
}

const b64u = (b: Buffer) => b.toString('base64url');

/**
 * A key: 64 hex characters or base64 of 32 bytes (`openssl rand -hex 32` / `openssl rand -base64 32`).
 * Its id is a fingerprint (`k` + 8 hex of its SHA-256), so no one has to name keys.
 */
export function parseKey(text: string): { ok: true; key: Buffer; id: string } | { ok: false; problem: string } {
  const t = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) key = b;
  }
  if (!key) return { ok: false, problem: 'must be 32 random bytes as 64 hex characters (openssl rand -hex 32) or base64 (openssl rand -base64 32)' };
  return { ok: true, key, id: `k${createHash('sha256').update(key).digest('hex').slice(0, 8)}` };
}

export function createTokenCipher(active: string, old: readonly string[] = []): TokenCipher {
  const a = parseKey(active);
  if (!a.ok) throw new Error(`INFERCOST_ENCRYPTION_KEY ${a.problem}`);
  const keys = new Map<string, Buffer>([[a.id, a.key]]);
  for (const o of old) {
    const k = parseKey(o);
    if (!k.ok) throw new Error(`INFERCOST_ENCRYPTION_OLD_KEYS: a key ${k.problem}`);
    if (!keys.has(k.id)) keys.set(k.id, k.key);
  }
  return {
    keyId: a.id,
    encrypt(plaintext, aad) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', a.key, iv, { authTagLength: 16 });
      c.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return ['v1', a.id, b64u(iv), b64u(c.getAuthTag()), b64u(ct)].join('.');
    },
    decrypt(envelope, aad) {
      const parts = envelope.split('.');
      if (parts.length !== 5 || parts[0] !== 'v1') throw new Error('not an encrypted value (expected v1.<key id>.…)');
      const [, id, iv, tag, ct] = parts as [string, string, string, string, string];
      const key = keys.get(id);
      if (!key) throw new Error(`written with encryption key ${id}, which is neither INFERCOST_ENCRYPTION_KEY nor in INFERCOST_ENCRYPTION_OLD_KEYS`);
      // authTagLength pins the tag to 16 bytes: a truncated tag is rejected (Node DEP0182).
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
      d.setAAD(Buffer.from(aad, 'utf8'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      const plaintext = Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
      return { plaintext, stale: id !== a.id };
    },
    keyIdOf(envelope) {
      const parts = envelope.split('.');
      return parts.length === 5 && parts[0] === 'v1' ? parts[1]! : null;
    },
  };
}
