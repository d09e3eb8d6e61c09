/**
 * Rendered bodies are reused across requests only while everything they show is the same: the
 * key is the body text plus every shown value (which carries its data revision) and the pictures.
 */
import { parseCached, renderCached, renderKey } from '../../src/bodies/body.cache';
import { renderHtml } from '../../src/bodies/render';
import { emptyResolution, type FactValue, type ResolvedBody } from '../../src/bodies/resolved';
import { formatNumber } from '../../src/bodies/phrasing';

const BODY = 'Thành phố Hà Tĩnh đạt {{score unit=436 index=cchc-cap-huyen-ha-tinh edition=2018}}.';

function resolvedWith(value: number, revision: number): ResolvedBody {
  const resolved = emptyResolution();
  const fact: FactValue = {
    id: 'f1',
    kind: 'score',
    unitCode: '436',
    unitName: 'Thành phố Hà Tĩnh',
    index: 'cchc-cap-huyen-ha-tinh',
    year: 2018,
    value,
    text: `${formatNumber(value)} điểm`,
    meaning: 'tổng điểm (số liệu minh họa)',
    revision,
  };
  resolved.facts.set('f1', fact);
  return resolved;
}

describe('render cache', () => {
  const { hash, tokens } = parseCached(BODY);

  it('gives the same key for the same text and values, and a new key when a value, its revision or a picture changes', () => {
    const key = renderKey(hash, resolvedWith(91.3, 4), [[], '/media']);
    expect(renderKey(hash, resolvedWith(91.3, 4), [[], '/media'])).toBe(key);
    expect(renderKey(hash, resolvedWith(91.35, 4), [[], '/media'])).not.toBe(key);
    expect(renderKey(hash, resolvedWith(91.3, 5), [[], '/media'])).not.toBe(key);
    expect(renderKey(hash, resolvedWith(91.3, 4), [[{ ref: 'anh-1', url: 'https://baohatinh.vn/a.jpg' }], '/media'])).not.toBe(key);
    expect(renderKey(parseCached(`${BODY}\n\nĐoạn mới.`).hash, resolvedWith(91.3, 4), [[], '/media'])).not.toBe(key);
  });

  it('renders once per key and shows the corrected value under the new key', () => {
    let renders = 0;
    const render = (resolved: ResolvedBody) => renderCached('html', renderKey(hash, resolved), () => (renders++, renderHtml(tokens, resolved)));
    const first = render(resolvedWith(91.3, 4));
    expect(render(resolvedWith(91.3, 4))).toBe(first);
    expect(renders).toBe(1);
    expect(first).toContain('91,3 điểm');
    const corrected = render(resolvedWith(92.15, 5));
    expect(renders).toBe(2);
    expect(corrected).toContain('92,15 điểm');
  });

  it('formats numbers exactly as toLocaleString("vi-VN") does', () => {
    for (const [n, digits] of [
      [91.3, 2],
      [1234.567, 2],
      [-0.125, 2],
      [12, 0],
      [3.14159, 3],
    ] as const) {
      expect(formatNumber(n, digits)).toBe(n.toLocaleString('vi-VN', { maximumFractionDigits: digits }));
    }
  });
});
