/**
 * The server's side of the contract's rules (src/patient-api/contract.ts): the same upload and
 * pressure checks as the page, plus what only the server can check (the image's bytes).
 */
import { checkUpload, isRejection, MESSAGES, type CheckedUpload, type Rejection } from '../src/patient-api/contract.ts';

export type ImageType = 'image/jpeg' | 'image/png';

/** A validated `POST /add_patient` body with its image checked: bare base64 and its sniffed type. */
export interface ValidUpload extends CheckedUpload {
  image_type: ImageType | null;
}

export function validateUpload(body: unknown, imageLimit: number): ValidUpload | Rejection {
  const upload = checkUpload(body);
  if (isRejection(upload)) return upload;
  if (upload.flow_image === '') return { ...upload, image_type: null };
  const image = checkImage(upload.flow_image, imageLimit);
  if (isRejection(image)) return image;
  return { ...upload, flow_image: image.base64, image_type: image.type };
}

const base64Chars = /^[A-Za-z0-9+/]*={0,2}$/;

/** Magic bytes decide the type; the extension-free base64 the client sent says nothing we can trust. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 24 && png.every((b, i) => bytes[i] === b)) {
    // The first chunk of a real PNG is IHDR.
    if (String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!) === 'IHDR') return 'image/png';
  }
  return null;
}

/**
 * Whether `text` nests arrays and objects deeper than `max`: one linear scan that skips strings and
 * builds nothing, so a body of 4 million `[` is refused for the cost of reading it, before
 * JSON.parse would allocate it. Broken JSON is left to JSON.parse.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Jump to the closing quote: one not preceded by an odd number of backslashes.
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q < 0) return false;
        let slashes = 0;
        while (text.charCodeAt(q - 1 - slashes) === 0x5c) slashes++;
        i = q;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

export function checkImage(raw: string, limit: number): { base64: string; type: ImageType } | Rejection {
  // Tolerate a data: URL prefix and line breaks (what FileReader and `base64` produce), store the bare form.
  const bare = raw.replace(/^data:image\/[a-z+.-]+;base64,/i, '').replace(/\s+/g, '');
  // Check the size before decoding, so a huge string costs no allocation.
  // Decoded size: 3 bytes per 4 characters, less one per `=` of padding (padding is not data).
  const padding = bare.endsWith('==') ? 2 : bare.endsWith('=') ? 1 : 0;
  if (Math.floor((bare.length * 3) / 4) - padding > limit) return { status: 413, message: MESSAGES.imageTooLarge(limit) };
  if (bare.length % 4 !== 0 || !base64Chars.test(bare)) return { status: 400, message: MESSAGES.imageNotBase64 };
  const type = sniffImage(Buffer.from(bare.slice(0, 64), 'base64'));
  if (!type) return { status: 400, message: MESSAGES.imageNotPicture };
  return { base64: bare, type };
}
