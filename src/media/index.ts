export { createMediaService, mediaNotFound, MAX_UPLOAD_BYTES, type MediaService, type UploadInput } from './media.service.js'
export { createLocalStorage } from './storage/local-storage.js'
export type { Storage } from './storage/storage.js'
export { sniffType } from './sniff.js'
