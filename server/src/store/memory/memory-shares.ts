import type { Share } from '../../model/share.js';
import type { ShareStore } from '../store.js';
import type { Synchronous } from './synchronous.js';

/** The in-memory shared links, with the rules of the SQLite store. */
export interface MemoryShares {
  store: Synchronous<ShareStore>;
  /** Deprovisioning: the resource's links go with it. */
  purge(resourceId: string): void;
  rows(): Share[];
}

export function memoryShares(): MemoryShares {
  const shares = new Map<string, Share>();
  const newestFirst = (a: Share, b: Share) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    store: {
      createShare(share) {
        if (shares.has(share.id) || [...shares.values()].some((s) => s.tokenHash === share.tokenHash)) throw new Error('share already exists');
        shares.set(share.id, { ...share });
      },
      listShares: (resourceId) => [...shares.values()].filter((s) => s.resourceId === resourceId).sort(newestFirst).map((s) => ({ ...s })),
      getShareByTokenHash(tokenHash) {
        const share = [...shares.values()].find((s) => s.tokenHash === tokenHash);
        return share ? { ...share } : null;
      },
      revokeShare(resourceId, id) {
        if (shares.get(id)?.resourceId !== resourceId) return false;
        return shares.delete(id);
      },
    },
    purge(resourceId) {
      for (const [id, share] of shares) if (share.resourceId === resourceId) shares.delete(id);
    },
    rows: () => [...shares.values()].map((s) => ({ ...s })),
  };
}
