/** A 16x16 JPEG (CPython's imghdr test image), base64. */
export const jpegBase64: string;
/** A real PNG: an 8-bit greyscale gradient of the given size, different bytes per `seed`. */
export function makePng(width?: number, height?: number, seed?: number): Buffer;
