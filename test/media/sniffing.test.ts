import sharp from 'sharp';
import { analyzeImage } from '../../src/media/media.analyze';
import { MediaInputError } from '../../src/media/media.errors';
import { checkExtension, exifOrientation, sniffFormat } from '../../src/media/media.formats';
import { gradient } from './helpers';

const LIMITS = { maxPixels: 4_000_000, maxDimension: 4000 };

async function refusal(fn: () => unknown): Promise<MediaInputError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof MediaInputError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('type sniffing from bytes', () => {
  it('recognises JPEG, PNG, WebP, AVIF and GIF by their first bytes, whatever the name says', async () => {
    const picture = gradient(40, 30);
    const files = {
      jpeg: await picture.clone().jpeg().toBuffer(),
      png: await picture.clone().png().toBuffer(),
      webp: await picture.clone().webp().toBuffer(),
      avif: await picture.clone().avif().toBuffer(),
      gif: await picture.clone().gif().toBuffer(),
    };
    for (const [format, bytes] of Object.entries(files)) expect(sniffFormat(bytes)).toBe(format);
  });

  it('refuses SVG (also behind an XML declaration, a BOM or whitespace) with its own code', async () => {
    const svgs = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '\uFEFF   \n<svg onload="alert(1)"></svg>',
      '<!-- made by hand -->\n<svg></svg>',
    ];
    for (const svg of svgs) {
      const e = await refusal(() => sniffFormat(Buffer.from(svg)));
      expect([e.status, e.code]).toEqual([415, 'SVG_REFUSED']);
    }
  });

  it('refuses zero bytes, HEIC and other files with clear codes', async () => {
    expect((await refusal(() => sniffFormat(Buffer.alloc(0)))).code).toBe('EMPTY_FILE');
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic')]);
    expect((await refusal(() => sniffFormat(heic))).code).toBe('UNSUPPORTED_TYPE');
    expect((await refusal(() => sniffFormat(Buffer.from('%PDF-1.7 ...')))).code).toBe('UNSUPPORTED_TYPE');
    expect((await refusal(() => sniffFormat(Buffer.from('II*\0 tiff')))).code).toBe('UNSUPPORTED_TYPE');
  });

  it('refuses a name whose extension names another type, accepts matching or missing extensions', () => {
    expect(() => checkExtension('photo.JPG', 'jpeg')).not.toThrow();
    expect(() => checkExtension('photo.jpeg', 'jpeg')).not.toThrow();
    expect(() => checkExtension('ảnh hội nghị', 'png')).not.toThrow();
    expect(() => checkExtension(null, 'gif')).not.toThrow();
    for (const name of ['photo.png', 'photo.svg', 'invoice.pdf', 'run.exe', 'page.html']) {
      let code = '';
      try {
        checkExtension(name, 'jpeg');
      } catch (e) {
        code = (e as MediaInputError).code;
      }
      expect(code).toBe('EXTENSION_MISMATCH');
    }
  });

  it('reads the raw EXIF orientation in both byte orders', async () => {
    const jpeg = await gradient(20, 10).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(exifOrientation((await sharp(jpeg).metadata()).exif)).toBe(6);
    const tiffBE = Buffer.from([...Buffer.from('Exif\0\0MM'), 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 3, 0, 0, 0, 0, 0, 0]);
    expect(exifOrientation(tiffBE)).toBe(3);
    expect(exifOrientation(undefined)).toBeNull();
  });
});

describe('analysis of an upload', () => {
  it('gives oriented dimensions, the byte size, a ThumbHash and the dominant colour', async () => {
    const jpeg = await gradient(300, 100).jpeg().withMetadata({ orientation: 8 }).toBuffer();
    const facts = await analyzeImage(jpeg, 'x.jpg', LIMITS);
    expect([facts.format, facts.width, facts.height, facts.bytes]).toEqual(['jpeg', 100, 300, jpeg.length]);
    expect(Buffer.from(facts.placeholder, 'base64').length).toBeGreaterThan(5);
    expect(facts.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('refuses a header claiming more pixels than the limit before decoding anything', async () => {
    const big = await sharp({ create: { width: 2100, height: 2000, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const e = await refusal(() => analyzeImage(big, null, LIMITS));
    expect([e.status, e.code]).toEqual([422, 'IMAGE_TOO_LARGE']);
    const tall = await sharp({ create: { width: 10, height: 4001, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    expect((await refusal(() => analyzeImage(tall, null, LIMITS))).code).toBe('IMAGE_TOO_LARGE');
  });

  it('refuses bytes that start like one format but are something else', async () => {
    const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a png')]);
    expect((await refusal(() => analyzeImage(fake, null, LIMITS))).status).toBe(422);
  });
});
