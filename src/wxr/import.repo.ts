import type { Db } from '../db/index.js'

export type LegacyKind = 'post' | 'media' | 'comment' | 'term' | 'user'

export interface LegacyRow {
  kind: LegacyKind
  source: string
  old_id: string
  new_id: number
  guid?: string
  old_path?: string
}

/** What the importer remembers of WordPress: old ids of imported rows, and metadata without a column. */
export function createWxrRepo(db: Db) {
  return {
    find: (kind: LegacyKind, source: string, oldId: string) =>
      db.selectFrom('wxr_ids').selectAll().where('kind', '=', kind).where('source', '=', source).where('old_id', '=', oldId).executeTakeFirst(),
    findByGuid: (kind: LegacyKind, guid: string) =>
      db.selectFrom('wxr_ids').selectAll().where('kind', '=', kind).where('guid', '=', guid).orderBy('new_id').executeTakeFirst(),
    findByPath: (kind: LegacyKind, source: string, oldPath: string) =>
      db.selectFrom('wxr_ids').selectAll().where('kind', '=', kind).where('old_path', '=', oldPath).where('source', '=', source).executeTakeFirst(),
    /** The old WordPress id of imported rows, by new id (for export and redirects). */
    byNewIds: async (kind: LegacyKind, ids: readonly number[]) =>
      ids.length ? db.selectFrom('wxr_ids').selectAll().where('kind', '=', kind).where('new_id', 'in', ids).execute() : [],
    remember: async (row: LegacyRow) => {
      const values = { guid: '', old_path: '', ...row }
      await db
        .insertInto('wxr_ids')
        .values(values)
        .onConflict((oc) => oc.columns(['kind', 'source', 'old_id']).doUpdateSet({ new_id: values.new_id, guid: values.guid, old_path: values.old_path }))
        .execute()
    },
    addMeta: async (kind: LegacyKind, objectId: number, meta: readonly { key: string; value: string }[]) => {
      if (!meta.length) return
      await db.insertInto('wxr_meta').values(meta.map((m) => ({ kind, object_id: objectId, meta_key: m.key, meta_value: m.value }))).execute()
    },
    metaOf: (kind: LegacyKind, objectIds: readonly number[]) =>
      objectIds.length
        ? db.selectFrom('wxr_meta').selectAll().where('kind', '=', kind).where('object_id', 'in', objectIds).orderBy('object_id').execute()
        : Promise.resolve([]),
    exists: async (table: 'posts' | 'media' | 'comments' | 'terms' | 'users', id: number) =>
      !!(await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()),
  }
}

export type WxrRepo = ReturnType<typeof createWxrRepo>

/**
 * The old WordPress id a `?p=ID` (or `?page_id=ID`) asks for, as the site's redirect needs it: the newest
 * import wins when several sites were imported.
 */
export async function findImportedPostId(db: Db, oldId: string): Promise<number | undefined> {
  const row = await db.selectFrom('wxr_ids').select('new_id').where('kind', '=', 'post').where('old_id', '=', oldId).orderBy('new_id', 'desc').executeTakeFirst()
  return row?.new_id
}
