import { Injectable } from '@nestjs/common';
import { catalogueIndex, type Catalogue, type Profile } from '@aup/domain';
import { CatalogueStore } from '../audits/catalogue-store.service';
import { AnswerRepository } from '@aup/db';

/** What an answer save is checked against before the database is asked: the audit's pinned catalogue and the organisation's profile. */
export interface SaveContext {
  auditId: string;
  contentHash: string;
  catalogue: Catalogue;
  /** SHA-256 of the profile's jsonb text (`aup_profile_hash`, kept in `organisation.profile_hash`), which `aup_save_answers` compares to confirm the profile did not change. */
  profileHash: string;
  /** Questions shown for that profile. */
  visible: ReadonlySet<string>;
}

/** Entries kept per process; the oldest goes first. */
const MAX_AUDITS = 10_000;
const MAX_PROFILES = 2_000;

/**
 * A per-process cache of save contexts by organisation and audit. It is only ever a hint: an audit's
 * catalogue never changes, and the save function refuses (SQLSTATE UA412) when the profile it was
 * checked against is not the current one, whereupon the caller asks again with `fresh`. So several api
 * processes, or a profile changed by another one, cannot make a save use a stale profile.
 */
@Injectable()
export class SaveContextCache {
  private readonly byAudit = new Map<string, SaveContext>();
  /** Questions shown, by catalogue and profile hash: audits of one organisation share it. */
  private readonly visibleByProfile = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly answers: AnswerRepository,
    private readonly catalogues: CatalogueStore,
  ) {}

  /** The context of an audit of the organisation; null when it has no such audit. */
  async get(organisationId: string, auditId: string, fresh = false): Promise<SaveContext | null> {
    const key = `${organisationId}:${auditId}`;
    const cached = fresh ? undefined : this.byAudit.get(key);
    if (cached) return cached;
    const row = await this.answers.saveContext<Profile>(organisationId, auditId);
    if (!row) {
      this.byAudit.delete(key);
      return null;
    }
    const catalogue = await this.catalogues.get(row.contentHash);
    const context: SaveContext = {
      auditId,
      contentHash: row.contentHash,
      catalogue,
      profileHash: row.profileHash,
      visible: this.visible(catalogue, row.profileHash, row.profile ?? {}),
    };
    remember(this.byAudit, key, context, MAX_AUDITS);
    return context;
  }

  forget(organisationId: string, auditId: string): void {
    this.byAudit.delete(`${organisationId}:${auditId}`);
  }

  private visible(catalogue: Catalogue, profileHash: string, profile: Profile): ReadonlySet<string> {
    const key = `${catalogue.contentHash}:${profileHash}`;
    let visible = this.visibleByProfile.get(key);
    if (!visible) {
      visible = catalogueIndex(catalogue).applicability(profile).questions;
      remember(this.visibleByProfile, key, visible, MAX_PROFILES);
    }
    return visible;
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}
