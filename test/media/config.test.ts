import path from 'node:path';
import { ConfigError, DEFAULT_MEDIA_WIDTHS, loadConfig, loadMediaConfig } from '../../src/config';

describe('media configuration', () => {
  it('has defaults that need no environment', () => {
    const media = loadConfig({}).media;
    expect(media).toMatchObject({ dir: path.resolve('data/media'), baseUrl: '/media', maxConcurrentTransforms: 2, widths: DEFAULT_MEDIA_WIDTHS });
    expect(media.ratios).toContain('16:9');
  });

  it('reads widths sorted and deduplicated, ratios as W:H, and a base URL without trailing slash', () => {
    const media = loadMediaConfig({ MEDIA_WIDTHS: '800, 400,400', MEDIA_RATIOS: '1:1,191:100', MEDIA_BASE_URL: 'https://anh.example.vn/media/' });
    expect([media.widths, media.ratios, media.baseUrl]).toEqual([[400, 800], ['1:1', '191:100'], 'https://anh.example.vn/media']);
  });

  it('stops on invalid values, naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ MEDIA_WIDTHS: '320,abc' }, 'MEDIA_WIDTHS'],
      [{ MEDIA_WIDTHS: '10' }, 'MEDIA_WIDTHS'],
      [{ MEDIA_RATIOS: '16/9' }, 'MEDIA_RATIOS'],
      [{ MEDIA_RATIOS: '0:1' }, 'MEDIA_RATIOS'],
      [{ MEDIA_MAX_TRANSFORMS: '0' }, 'MEDIA_MAX_TRANSFORMS'],
      [{ MEDIA_MAX_UPLOAD_BYTES: 'lots' }, 'MEDIA_MAX_UPLOAD_BYTES'],
    ];
    for (const [env, variable] of cases) {
      let error: unknown;
      try {
        loadMediaConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
    }
  });
});
