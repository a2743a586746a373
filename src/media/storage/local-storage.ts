import { access, mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Storage } from './storage.js'

export function createLocalStorage(root: string): Storage {
  const resolve = (key: string) => {
    const full = path.resolve(root, key)
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error(`Storage key escapes the uploads folder: ${key}`)
    return full
  }
  return {
    async put(key, data) {
      const full = resolve(key)
      await mkdir(path.dirname(full), { recursive: true })
      await writeFile(full, data, { flag: 'wx' })
    },
    async exists(key) {
      try {
        await access(resolve(key))
        return true
      } catch {
        return false
      }
    },
    async remove(key) {
      await rm(resolve(key), { force: true })
    },
    localPath: resolve,
  }
}
