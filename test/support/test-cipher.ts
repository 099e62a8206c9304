import type { KeyProtection } from '../../src/shared/settings'
import type { SecretCipher } from '../../src/main/store/secret-store'

/**
 * Stands in for safeStorage where Electron cannot run. XOR with a fixed pad: not secure, but
 * reversible and clearly not the plaintext, which is what the tests need to see.
 */
export function testCipher(protection: KeyProtection = 'os'): SecretCipher & { encryptions: number } {
  const pad = 0x5a
  const cipher = {
    encryptions: 0,
    protection: () => Promise.resolve(protection),
    encrypt(plainText: string) {
      cipher.encryptions++
      return Promise.resolve(Buffer.from(Buffer.from(plainText, 'utf8').map((byte) => byte ^ pad)))
    },
    decrypt(encrypted: Buffer) {
      return Promise.resolve({ value: Buffer.from(encrypted.map((byte) => byte ^ pad)).toString('utf8'), shouldReEncrypt: false })
    },
  }
  return cipher
}
