export { SETTINGS, SETTING_KEYS, PERMALINK_TAGS, defaultSettings, isSettingKey, type Settings, type SettingKey, type MenuItem } from './definitions.js'
export { createSettingsService, parseSettingInput, type SettingsService } from './settings.service.js'
