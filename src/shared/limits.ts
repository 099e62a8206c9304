/**
 * Size limits the renderer checks before sending and main enforces in its schemas: numbers only,
 * no zod, so the renderer's bundle does not carry the schema library for them.
 */

/** The longest image a message may carry, as a data: URL (about 3.7 MB of image). */
export const maxImageDataUrlLength = 5 * 1024 * 1024
/** Images per message: a few photos of homework, not an album. */
export const maxImagesPerMessage = 4
/** The largest file an import takes, in characters of JSON (the renderer checks the file's size first). */
export const maxImportChars = 100 * 1024 * 1024
