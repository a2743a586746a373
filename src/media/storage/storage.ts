/** Where uploaded files live: a folder on disk by default, a shared store on several servers. */
export interface Storage {
  /** Writes `data` under `key` (a relative path like `2026/11/photo.jpg`), failing if the key is taken. */
  put(key: string, data: Buffer): Promise<void>
  exists(key: string): Promise<boolean>
  remove(key: string): Promise<void>
  /** The absolute path of a key, for local serving; undefined for stores that are not on disk. */
  localPath(key: string): string | undefined
}
