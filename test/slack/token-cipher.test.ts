// Tokens at rest: AES-256-GCM envelopes bound to their row, key rotation with old keys, and the
// installation store re-encrypting a row written with an old key when it is read (both backends).

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Installation } from '@slack/bolt';
import { createInstallationStore } from '../../src/slack/installation-store.ts';
import { createTokenCipher, parseKey } from '../../src/slack/token-cipher.ts';
import { BACKENDS } from '../store/backends.ts';

const OLD = '11'.repeat(32);
const NEW = Buffer.alloc(32, 7).toString('base64');

describe('token cipher', () => {
  it('round-trips, never shows the plaintext, and uses a fresh IV each time', () => {
    const c = createTokenCipher(OLD);
    const a = c.encrypt('xoxb-secret', 'T:T1');
    const b = c.encrypt('xoxb-secret', 'T:T1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('xoxb-secret');
    expect(a.startsWith(`v1.${c.keyId}.`)).toBe(true);
    expect(c.decrypt(a, 'T:T1')).toEqual({ plaintext: 'xoxb-secret', stale: false });
  });

  it('rejects a value moved to another row, tampered with, with a cut tag, or under an unknown key', () => {
    const c = createTokenCipher(OLD);
    const env = c.encrypt('xoxb-secret', 'T:T1');
    expect(() => c.decrypt(env, 'T:T2')).toThrow();
    const parts = env.split('.');
    const flipped = [...parts.slice(0, 4), Buffer.from(Buffer.from(parts[4]!, 'base64url').map((x, i) => (i === 0 ? x ^ 1 : x))).toString('base64url')].join('.');
    expect(() => c.decrypt(flipped, 'T:T1')).toThrow();
    const cut = [...parts.slice(0, 3), Buffer.from(parts[3]!, 'base64url').subarray(0, 4).toString('base64url'), parts[4]].join('.');
    expect(() => c.decrypt(cut, 'T:T1')).toThrow();
    expect(() => createTokenCipher(NEW).decrypt(env, 'T:T1')).toThrow(/neither INFERCOST_ENCRYPTION_KEY nor in INFERCOST_ENCRYPTION_OLD_KEYS/);
  });

  it('reads values of an old key after a rotation, and says they are stale', () => {
    const before = createTokenCipher(OLD).encrypt('xoxb-secret', 'T:T1');
    const after = createTokenCipher(NEW, [OLD]);
    expect(after.decrypt(before, 'T:T1')).toEqual({ plaintext: 'xoxb-secret', stale: true });
    expect(after.keyIdOf(before)).toBe(parseKey(OLD).ok && (parseKey(OLD) as { id: string }).id);
  });

  it('accepts hex and base64 keys and refuses anything else', () => {
    expect(parseKey(OLD).ok).toBe(true);
    expect(parseKey(NEW).ok).toBe(true);
    expect(parseKey('too-short').ok).toBe(false);
    expect(() => createTokenCipher('nope')).toThrow(/INFERCOST_ENCRYPTION_KEY must be 32 random bytes/);
  });
});

const installation = (team: string, token: string): Installation =>
  ({ team: { id: team, name: team }, enterprise: undefined, user: { id: 'U1', token: undefined, scopes: undefined }, bot: { id: 'B1', userId: 'UBOT', token, scopes: ['chat:write'] }, isEnterpriseInstall: false, authVersion: 'v2', appId: 'A1' }) as Installation;

describe.each(BACKENDS)('installation store on $name', (b) => {
  it.skipIf(b.skip)('stores encrypted, fetches per workspace, re-encrypts old-key rows on read, and deletes', async () => {
    const store = await b.open(() => new Date());
    const log = pino({ level: 'silent' });
    const before = createInstallationStore(store, createTokenCipher(OLD), log);
    await before.storeInstallation(installation('T1', 'xoxb-one'));
    await before.storeInstallation(installation('T2', 'xoxb-two'));
    const oldId = (await store.getInstallation('T:T1'))!.keyId;

    // The key rotates: the new key writes, the old one still reads.
    const after = createInstallationStore(store, createTokenCipher(NEW, [OLD]), log);
    const q = (teamId: string) => ({ teamId, enterpriseId: undefined, isEnterpriseInstall: false as const });
    expect((await after.fetchInstallation(q('T1'))).bot?.token).toBe('xoxb-one');
    const row = await store.getInstallation('T:T1');
    expect(row!.keyId).not.toBe(oldId); // re-encrypted with the new key on read
    expect((await store.getInstallation('T:T2'))!.keyId).toBe(oldId); // not read yet: untouched
    // Without the old key, a row still under it cannot be read; one re-encrypted can.
    const onlyNew = createInstallationStore(store, createTokenCipher(NEW), log);
    expect((await onlyNew.fetchInstallation(q('T1'))).bot?.token).toBe('xoxb-one');
    await expect(onlyNew.fetchInstallation(q('T2'))).rejects.toThrow(/INFERCOST_ENCRYPTION_OLD_KEYS/);

    await expect(after.fetchInstallation(q('T3'))).rejects.toThrow(/not installed/);
    await after.deleteInstallation!(q('T1'));
    await expect(after.fetchInstallation(q('T1'))).rejects.toThrow(/not installed/);
    expect((await after.fetchInstallation(q('T2'))).bot?.token).toBe('xoxb-two');
    await store.close();
  });

  it.skipIf(b.skip)('keeps an org-wide install under its enterprise and finds it for the org’s workspaces', async () => {
    const store = await b.open(() => new Date());
    const inst = createInstallationStore(store, createTokenCipher(OLD), pino({ level: 'silent' }));
    const org = { ...installation('T0', 'xoxb-org'), team: undefined, enterprise: { id: 'E1', name: 'Org' }, isEnterpriseInstall: true } as Installation;
    await inst.storeInstallation(org);
    expect(await store.getInstallation('E:E1')).toMatchObject({ enterpriseId: 'E1', teamId: null });
    // A request from a workspace of the org names both ids.
    expect((await inst.fetchInstallation({ teamId: 'T5', enterpriseId: 'E1', isEnterpriseInstall: false })).bot?.token).toBe('xoxb-org');
    expect((await inst.fetchInstallation({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true })).bot?.token).toBe('xoxb-org');
    // Another enterprise's workspace does not get it.
    await expect(inst.fetchInstallation({ teamId: 'T5', enterpriseId: 'E2', isEnterpriseInstall: false })).rejects.toThrow(/not installed/);
    await store.close();
  });
});
