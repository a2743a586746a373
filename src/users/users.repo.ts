import type { Db, NewUserRow, UserRow } from '../db/index.js'

export function createUsersRepo(db: Db) {
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
  }
}

export type UsersRepo = ReturnType<typeof createUsersRepo>
