import { toBlocks } from '../../src/bodies/blocks';
import { parseBody } from '../../src/bodies/markdown';
import { renderHtml } from '../../src/bodies/render';
import { emptyResolution } from '../../src/bodies/resolved';

describe('body parser', () => {
  it('reads a ranking directive with its arguments, caption and line', () => {
    const body = ['# Tiêu đề', '', 'Đoạn mở đầu.', '', '::: ranking index=chi-so-cchc edition=2018 highlight=436,437 limit=13 display=bars', 'Xếp hạng năm 2018', ':::', ''].join(
      '\n',
    );
    const parsed = parseBody(body);
    expect(parsed.errors).toEqual([]);
    expect(parsed.directives).toEqual([
      { kind: 'ranking', id: 'w1', line: 5, index: 'chi-so-cchc', edition: 2018, area: null, highlight: ['436', '437'], limit: 13, display: 'bars', caption: 'Xếp hạng năm 2018' },
    ]);
  });

  it('reads inline facts with their line numbers', () => {
    const parsed = parseBody('Dòng một.\nThành phố đứng đầu {{streak unit=436 index=chi-so-cchc edition=2018}}.\n\nHạng {{rank unit=436 index=chi-so-cchc format=number}}.');
    expect(parsed.errors).toEqual([]);
    expect(parsed.directives.map((d) => [d.kind, d.line, d.id])).toEqual([
      ['streak', 2, 'f1'],
      ['rank', 4, 'f2'],
    ]);
    expect(parsed.directives[1]).toMatchObject({ edition: 'latest', format: 'number', unit: '436' });
  });

  it('reports every problem with its line: unbalanced, unknown, bad arguments, unclosed facts', () => {
    const body = [
      '::: ranking index=x edition=20188', // 1: bad edition, never closed (next directive opens)
      '::: chart index=x', // 2: unknown directive, closed on 3
      ':::',
      ':::', // 4: closes nothing
      'Văn bản {{rank unit=436}} và {{streak index=x unit=1', // 5: missing index; unclosed fact
      '::: ranking index=x onclick="alert(1)"', // 6: unknown argument
      ':::',
    ].join('\n');
    const { errors } = parseBody(body);
    const byLine = errors.map((e) => [e.line, e.message]);
    expect(byLine).toEqual(
      expect.arrayContaining([
        [1, expect.stringContaining('edition must be a year')],
        [1, expect.stringContaining('not closed')],
        [2, expect.stringContaining('unknown directive "chart"')],
        [4, expect.stringContaining('closes nothing')],
        [5, expect.stringContaining('index is required')],
        [5, expect.stringContaining('not closed with "}}"')],
        [6, expect.stringContaining('unknown argument "onclick"')],
      ]),
    );
  });

  it('refuses argument values that could break out of an attribute', () => {
    const { errors } = parseBody('::: ranking index=x"><script>alert(1)</script>\n:::');
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('body rendering', () => {
  it('never lets raw HTML or javascript: links through', () => {
    const { tokens } = parseBody('<script>alert(1)</script>\n\n[bấm](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n[ok](https://baohatinh.vn)');
    const html = renderHtml(tokens, emptyResolution());
    expect(html).not.toMatch(/<script|<img|href="javascript/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="https://baohatinh.vn" rel="noopener noreferrer">ok</a>');
  });

  it('renders widget placeholders and facts with escaped data attributes', () => {
    const { tokens } = parseBody('::: ranking index=chi-so edition=2018 highlight=436\nBảng <xếp hạng> "2018"\n:::\n\nĐứng đầu {{streak unit=436 index=chi-so edition=2018}}.');
    const resolved = emptyResolution();
    resolved.facts.set('f1', {
      id: 'f1',
      kind: 'streak',
      unitCode: '436',
      unitName: 'Thành phố Hà Tĩnh',
      index: 'chi-so',
      year: 2018,
      value: 3,
      text: '3 năm <liên tục>',
      meaning: 'x" onmouseover="y',
      revision: 7,
    });
    const html = renderHtml(tokens, resolved);
    expect(html).toContain(
      '<figure class="rd-widget rd-ranking" data-widget="ranking" data-widget-id="w1" data-index="chi-so" data-edition="2018" data-highlight="436" data-display="table">',
    );
    expect(html).toContain('<figcaption>Bảng &lt;xếp hạng&gt; &quot;2018&quot;</figcaption>');
    expect(html).toContain('data-value="3" data-revision="7" title="x&quot; onmouseover=&quot;y">3 năm &lt;liên tục&gt;</span>');
  });

  it('splits a body into typed blocks with their lines', () => {
    const body =
      '## Kết quả\n\nĐoạn {{rank unit=436 index=chi-so}}.\n\n- một\n- hai\n\n> Trích dẫn\n\n![Ảnh hội nghị](https://example.vn/a.jpg "Chú thích")\n\n::: related count=3\n:::\n\n---';
    const { tokens } = parseBody(body);
    const blocks = toBlocks(tokens, emptyResolution());
    expect(blocks.map((b) => [b.type, b.line])).toEqual([
      ['heading', 1],
      ['paragraph', 3],
      ['list', 5],
      ['quote', 8],
      ['image', 10],
      ['related', 12],
      ['divider', 15],
    ]);
    expect(blocks[1]).toMatchObject({ factIds: ['f1'], text: 'Đoạn ….' });
    expect(blocks[2]).toMatchObject({ ordered: false, items: ['một', 'hai'] });
    expect(blocks[4]).toMatchObject({ url: 'https://example.vn/a.jpg', alt: 'Ảnh hội nghị', caption: 'Chú thích' });
  });
});
