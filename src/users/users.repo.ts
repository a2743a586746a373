import { type Db, inTransaction, type NewUserRow, type UserRow } from '../db/index.js'

function queries(db: Db) {
  return {
    findById: (id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
    findByEmail: (email: string) => db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst(),
    findByLogin: (login: string) => db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst(),
    findByLoginOrEmail: (value: string) =>
      db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb.or([eb('login', '=', value), eb('email', '=', value.toLowerCase())]))
        .executeTakeFirst(),
    findAll: () => db.selectFrom('users').selectAll().orderBy('id').execute(),
    /** Users who have published a post or page: the authors readers may know about. */
    findWithPublishedPosts: () =>
      db
        .selectFrom('users')
        .selectAll()
        .where('id', 'in', (eb) => eb.selectFrom('posts').select('author_id').where('status', '=', 'publish').where('author_id', 'is not', null).$narrowType<{ author_id: number }>())
        .orderBy('id')
        .execute(),
    findByIds: (ids: number[]) => (ids.length ? db.selectFrom('users').selectAll().where('id', 'in', ids).execute() : Promise.resolve([])),
    count: async () => Number((await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    countByRole: async (role: string) =>
      Number((await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', role).executeTakeFirstOrThrow()).n),
    insert: (row: NewUserRow): Promise<UserRow> => db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow(),
    update: (id: number, changes: Partial<NewUserRow>): Promise<UserRow> =>
      db.updateTable('users').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),
    /** Posts, pages and media items of a user (any status): what deleting them would orphan. */
    countContentOf: async (id: number) => {
      const posts = await db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).where('author_id', '=', id).executeTakeFirstOrThrow()
      const media = await db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).where('author_id', '=', id).executeTakeFirstOrThrow()
      return Number(posts.n) + Number(media.n)
    },
    /** Published and private posts per author, as WordPress counts them for its users list. */
    countPostsByAuthor: async (): Promise<Map<number, number>> => {
      const rows = await db
        .selectFrom('posts')
        .select(['author_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('type', '=', 'post')
        .where('status', 'in', ['publish', 'private'])
        .where('author_id', 'is not', null)
        .groupBy('author_id')
        .execute()
      return new Map(rows.map((r) => [Number(r.author_id), Number(r.n)]))
    },
    /** Gives every post, page, revision and media item of `from` to `to`. */
    reassignContent: async (from: number, to: number) => {
      await db.updateTable('posts').set({ author_id: to }).where('author_id', '=', from).execute()
      await db.updateTable('post_revisions').set({ author_id: to }).where('author_id', '=', from).execute()
      await db.updateTable('media').set({ author_id: to }).where('author_id', '=', from).execute()
    },
    /** Sessions and application passwords go with the user (ON DELETE CASCADE); comments keep their author's name. */
    delete: async (id: number) => {
      await db.deleteFrom('users').where('id', '=', id).execute()
    },
  }
}

type UsersQueries = ReturnType<typeof queries>

export function createUsersRepo(db: Db) {
  return {
    ...queries(db),
    /** Runs `work` in one transaction (or the one `db` is already in). */
    transaction: <T>(work: (repo: UsersQueries) => Promise<T>): Promise<T> => inTransaction(db, (trx) => work(queries(trx))),
  }
}

export type UsersRepo = ReturnType<typeof createUsersRepo>
