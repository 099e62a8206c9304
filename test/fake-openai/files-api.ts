import type { FileObject } from 'openai/resources/files'
import { ApiError, errors, sendJson } from './http'
import { newId, unixSeconds } from './ids'
import type { Route } from './routing'

/**
 * `POST /v1/files` (multipart/form-data: `file`, `purpose`), `GET /v1/files/{id}`,
 * `GET /v1/files/{id}/content`, `DELETE /v1/files/{id}`: what the Assistants API needs to take
 * a message's images (uploaded with purpose "vision", then referred to by `image_file`).
 */

/** A form field or file from a multipart body. */
export interface MultipartBody {
  multipart: true
  fields: Record<string, string>
  files: Record<string, { filename: string; contentType: string; data: Buffer }>
}

/** What a request log keeps of an upload: its fields, and each file's name, type and size (not its bytes). */
export function describeMultipart(body: MultipartBody): { fields: Record<string, string>; files: Record<string, { filename: string; contentType: string; bytes: number }> } {
  return {
    fields: body.fields,
    files: Object.fromEntries(Object.entries(body.files).map(([name, file]) => [name, { filename: file.filename, contentType: file.contentType, bytes: file.data.length }])),
  }
}

/** Parses a multipart/form-data body (RFC 7578), as the SDK's uploads send it. */
export function parseMultipart(contentType: string, raw: Buffer): MultipartBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  if (!boundary) throw new Error('multipart body without a boundary')
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  const body: MultipartBody = { multipart: true, fields: {}, files: {} }
  let start = raw.indexOf(delimiter)
  while (start >= 0) {
    const partStart = start + delimiter.length
    if (raw.subarray(partStart, partStart + 2).toString() === '--') break
    const next = raw.indexOf(delimiter, partStart)
    if (next < 0) break
    // Each part: CRLF, headers, a blank line, content, CRLF before the next delimiter.
    const part = raw.subarray(partStart + 2, next - 2)
    const headerEnd = part.indexOf('\r\n\r\n')
    const headers = part.subarray(0, headerEnd).toString('utf8')
    const content = part.subarray(headerEnd + 4)
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? ''
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1]
    if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream'
      body.files[name] = { filename, contentType: type, data: Buffer.from(content) }
    } else {
      body.fields[name] = content.toString('utf8')
    }
    start = next
  }
  return body
}

export interface StoredFile {
  file: FileObject
  data: Buffer
}

const purposes = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals']
const imageTypes: Record<string, string> = { png: '89504e47', jpg: 'ffd8ff', jpeg: 'ffd8ff', gif: '47494638', webp: '52494646' }

export class FileStore {
  readonly files = new Map<string, StoredFile>()

  get(id: string): StoredFile {
    const stored = this.files.get(id)
    if (!stored) throw new ApiError(404, errors.noSuchObject('file', id))
    return stored
  }
}

export function filesRoutes(store: FileStore): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/v1\/files$/,
      handler: ({ res, body }) => {
        if (!body || typeof body !== 'object' || !('multipart' in body)) {
          throw new ApiError(400, errors.invalidRequest("Invalid request: expected multipart/form-data with 'file' and 'purpose'.", 'file'))
        }
        const { fields, files } = body as MultipartBody
        const upload = files['file']
        if (!upload) throw new ApiError(400, errors.missingParameter('file'))
        const purpose = fields['purpose']
        if (!purpose) throw new ApiError(400, errors.missingParameter('purpose'))
        if (!purposes.includes(purpose)) throw new ApiError(400, errors.invalidRequest(`Invalid value for 'purpose': '${purpose}'.`, 'purpose'))
        if (purpose === 'vision') {
          // Vision files must be images of a supported type, and be what their name says.
          const extension = /\.([a-z]+)$/i.exec(upload.filename)?.[1]?.toLowerCase() ?? ''
          const magic = imageTypes[extension]
          if (!magic || !upload.data.subarray(0, magic.length / 2).equals(Buffer.from(magic, 'hex'))) {
            throw new ApiError(400, errors.invalidRequest(`Invalid file format for vision: '${upload.filename}'. Supported formats: png, jpeg, gif, webp.`, 'file'))
          }
        }
        const file = {
          id: newId('file-'),
          object: 'file',
          bytes: upload.data.length,
          created_at: unixSeconds(),
          filename: upload.filename,
          purpose: purpose as FileObject['purpose'],
          status: 'processed',
        } satisfies FileObject
        store.files.set(file.id, { file, data: upload.data })
        sendJson(res, 200, file)
      },
    },
    { method: 'GET', pattern: /^\/v1\/files\/([^/]+)$/, handler: ({ res, params }) => sendJson(res, 200, store.get(params[0]!).file) },
    {
      method: 'GET',
      pattern: /^\/v1\/files\/([^/]+)\/content$/,
      handler: ({ res, params }) => {
        const { data } = store.get(params[0]!)
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(data.length) })
        res.end(data)
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/v1\/files\/([^/]+)$/,
      handler: ({ res, params }) => {
        const { file } = store.get(params[0]!)
        store.files.delete(file.id)
        sendJson(res, 200, { id: file.id, object: 'file', deleted: true })
      },
    },
  ]
}

/** Models that see images: OpenAI's gpt-* and the local "vision" / llava builds; plain llama3.2 does not. */
export function seesImages(model: string): boolean {
  return /^gpt-|vision|llava/i.test(model)
}

/** A base64 data: URL of a png, jpeg, gif or webp, or an http(s) URL: what an image part may carry. */
export function checkImageUrl(url: unknown, param: string): void {
  if (typeof url !== 'string' || !(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/.test(url) || /^https?:\/\//.test(url))) {
    throw new ApiError(400, errors.invalidRequest(`Invalid '${param}'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,...'), or a URL.`, param))
  }
}
