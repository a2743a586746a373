export { wpV2Routes, type WpV2Options } from './plugin.js'
export { createRestServer, type RestServer } from './dispatch.js'
