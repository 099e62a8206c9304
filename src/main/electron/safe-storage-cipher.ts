import type { SafeStorage } from 'electron'
import type { KeyProtection } from '../../shared/settings'
import type { SecretCipher } from '../store/secret-store'

/**
 * Secrets encrypted with Electron's safeStorage, through its asynchronous API (the synchronous
 * one is deprecated). On Linux without a keyring, Chromium falls back to `basic_text`: a
 * hard-coded password, which is obfuscation, not protection; we report that so the user is told.
 */
export function safeStorageCipher(
  safeStorage: Pick<
    SafeStorage,
    'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
  >,
  platform: NodeJS.Platform,
): SecretCipher {
  return {
    async protection(): Promise<KeyProtection> {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'unavailable'
      if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'basic_text'
      return 'os'
    },
    encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
    async decrypt(encrypted) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted)
      return { value: result, shouldReEncrypt }
    },
  }
}
