// Bolt's InstallationStore (multi-workspace OAuth) on our Store, either backend. One row per workspace
// (or per org-wide install); the whole installation, tokens included, is encrypted (token-cipher.ts)
// with the row's key as additional data, so a row's ciphertext cannot be moved to another workspace.
// Token rotation: @slack/oauth refreshes an expiring token in authorize() and stores the whole
// installation again, which replaces the row. A value read that was written with an old key is
// written back with the current one (lazy re-encryption after a key rotation).

import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Logger } from 'pino';
import type { InstallationRecord, Store } from '../store/index.ts';
import type { TokenCipher } from './token-cipher.ts';

/** The row of an installation: the enterprise's for an org-wide install, else the workspace's. */
export function installKeyOf(q: { isEnterpriseInstall?: boolean | undefined; enterpriseId?: string | undefined; teamId?: string | undefined }): string | null {
  if (q.isEnterpriseInstall && q.enterpriseId) return `E:${q.enterpriseId}`;
  return q.teamId ? `T:${q.teamId}` : null;
}

export class NoInstallationError extends Error {
  override name = 'NoInstallationError';
}

export interface StoredInstallations extends InstallationStore {
  /** The installation for a workspace, or null (the digest scheduler uses it to find a workspace's token). */
  forTeam(teamId: string, enterpriseId?: string): Promise<Installation | null>;
}

export function createInstallationStore(store: Store, cipher: TokenCipher, log: Logger): StoredInstallations {
  async function read(key: string): Promise<Installation | null> {
    const rec = await store.getInstallation(key);
    if (!rec) return null;
    const { plaintext, stale } = cipher.decrypt(rec.data, key);
    const installation = JSON.parse(plaintext) as Installation;
    if (stale) {
      await write(key, rec, plaintext);
      log.info({ installKey: key, from: rec.keyId, to: cipher.keyId }, 'installation re-encrypted with the current key');
    }
    return installation;
  }

  async function write(key: string, ids: Pick<InstallationRecord, 'enterpriseId' | 'teamId'>, plaintext: string): Promise<void> {
    await store.putInstallation({ installKey: key, enterpriseId: ids.enterpriseId, teamId: ids.teamId, keyId: cipher.keyId, data: cipher.encrypt(plaintext, key) });
  }

  return {
    async storeInstallation(installation) {
      const key = installKeyOf({ isEnterpriseInstall: installation.isEnterpriseInstall, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id });
      if (!key) throw new Error('an installation without a team or an enterprise cannot be stored');
      await write(key, { enterpriseId: installation.enterprise?.id ?? null, teamId: installation.team?.id ?? null }, JSON.stringify(installation));
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = installKeyOf(query);
      const found = key ? await read(key) : null;
      // A workspace of an org-wide install: requests carry both ids; fall back to the enterprise's row.
      const viaEnterprise = !found && query.enterpriseId ? await read(`E:${query.enterpriseId}`) : null;
      const installation = found ?? viaEnterprise;
      if (!installation) throw new NoInstallationError(`InferCost is not installed in ${query.teamId ?? query.enterpriseId ?? 'this workspace'}`);
      return installation;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      const key = installKeyOf(query);
      if (key) await store.deleteInstallation(key);
    },

    async forTeam(teamId, enterpriseId) {
      return (await read(`T:${teamId}`)) ?? (enterpriseId ? await read(`E:${enterpriseId}`) : null);
    },
  };
}
