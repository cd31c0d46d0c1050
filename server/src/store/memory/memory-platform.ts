import type { Milestone, PlatformRecord, PlatformStore, Release } from '../platform-store.js';
import type { Synchronous } from './synchronous.js';

type PlatformTables = Omit<PlatformStore, 'beginRotation' | 'rollbackRotation' | 'forgetExpiredKeys'>;

/** The in-memory side of the platform store, with the rules of `sqlite/sqlite-platform.ts`; rotation lives with the resources. */
export interface MemoryPlatform {
  store: Synchronous<PlatformTables>;
  purge(resourceSeq: number): void;
}

const milestoneKey = (resourceSeq: number, value: number): string => `${resourceSeq}|${value}`;

/** `idOf` is a live resource's uuid, or undefined when it is unknown or deprovisioned. */
export function memoryPlatform(idOf: (resourceSeq: number) => string | undefined): MemoryPlatform {
  const platform = new Map<number, Omit<PlatformRecord, 'resourceId'>>();
  const milestones = new Map<string, Milestone>();
  const releases = new Map<number, Map<number, Release>>();
  const webhookEvents = new Map<number, Set<string>>();

  const withId = (record: Omit<PlatformRecord, 'resourceId'>): PlatformRecord | null => {
    const resourceId = idOf(record.resourceSeq);
    return resourceId === undefined ? null : { ...structuredClone(record), resourceId };
  };

  return {
    store: {
      initPlatform(resourceSeq, links) {
        if (platform.has(resourceSeq)) return;
        platform.set(resourceSeq, {
          resourceSeq,
          ...links,
          accessToken: null,
          refreshToken: null,
          tokenExpiresAt: null,
          attempts: 0,
          nextAttemptAt: 0,
          webhookState: 'none',
          webhookId: null,
          webhookReason: null,
          rotationState: 'none',
          rotationReason: null,
          rotatedAt: null,
        });
      },
      getPlatform(resourceSeq) {
        const record = platform.get(resourceSeq);
        return record ? withId(record) : null;
      },
      listPlatform() {
        return [...platform.values()]
          .sort((a, b) => a.resourceSeq - b.resourceSeq)
          .map(withId)
          .filter((record) => record !== null);
      },
      updatePlatform(resourceSeq, patch) {
        const record = platform.get(resourceSeq);
        if (record) Object.assign(record, structuredClone(patch));
      },
      recordMilestone(milestone) {
        const key = milestoneKey(milestone.resourceSeq, milestone.value);
        if (milestones.has(key)) return false;
        milestones.set(key, structuredClone(milestone));
        return true;
      },
      listMilestones(resourceSeq) {
        return [...milestones.values()]
          .filter((m) => m.resourceSeq === resourceSeq)
          .sort((a, b) => a.value - b.value)
          .map((m) => structuredClone(m));
      },
      claimMilestones(now, staleBefore) {
        const due = [...milestones.values()].filter(
          (m) => (m.delivery === 'pending' && m.nextAttemptAt <= now) || (m.delivery === 'sending' && m.claimedAt !== null && m.claimedAt < staleBefore),
        );
        for (const m of due) Object.assign(m, { delivery: 'sending', claimedAt: now });
        return due.map((m) => structuredClone(m));
      },
      updateMilestone(resourceSeq, value, patch) {
        const milestone = milestones.get(milestoneKey(resourceSeq, value));
        if (milestone) Object.assign(milestone, structuredClone(patch));
      },
      recordRelease(resourceSeq, release) {
        let seen = webhookEvents.get(resourceSeq);
        if (!seen) webhookEvents.set(resourceSeq, (seen = new Set()));
        if (seen.has(release.eventId)) return 'duplicate';
        seen.add(release.eventId);
        let byVersion = releases.get(resourceSeq);
        if (!byVersion) releases.set(resourceSeq, (byVersion = new Map()));
        byVersion.set(release.version, structuredClone(release));
        return 'recorded';
      },
      listReleases(resourceSeq, from, to) {
        return [...(releases.get(resourceSeq)?.values() ?? [])]
          .filter((r) => r.releasedAt >= from && r.releasedAt < to)
          .sort((a, b) => a.releasedAt - b.releasedAt || a.version - b.version)
          .map((r) => structuredClone(r));
      },
    },
    purge(resourceSeq) {
      platform.delete(resourceSeq);
      releases.delete(resourceSeq);
      webhookEvents.delete(resourceSeq);
      for (const [key, m] of milestones) if (m.resourceSeq === resourceSeq) milestones.delete(key);
    },
  };
}
