import { foldVietnamese, nfc, slugify, sortByVietnamese } from '../../src/text/vietnamese';

describe('Vietnamese text', () => {
  it('normalises decomposed input to NFC', () => {
    const nfd = 'Việt'.normalize('NFD');
    expect(nfd.length).toBe(6);
    expect(nfc(nfd)).toBe('Việt');
    expect(nfc(nfd).length).toBe(4);
  });

  it.each([
    ['Đức Thọ', 'duc-tho'],
    ['Huyện Kỳ Anh', 'huyen-ky-anh'],
    ['Thị xã Kỳ Anh', 'thi-xa-ky-anh'],
    ['Đường đến Đồng Lộc', 'duong-den-dong-loc'],
    ['  Chỉ số CCHC: 3 năm liên tục!  ', 'chi-so-cchc-3-nam-lien-tuc'],
    ['Hòa Bình'.normalize('NFD'), 'hoa-binh'],
  ])('slugifies %s as %s', (input, slug) => {
    expect(slugify(input)).toBe(slug);
  });

  it('bounds slug length at a word boundary', () => {
    const slug = slugify('Chỉ số cải cách hành chính thành phố Hà Tĩnh liên tục đứng đầu khối cấp huyện trong nhiều năm', 40);
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).toBe('chi-so-cai-cach-hanh-chinh-thanh-pho-ha');
  });

  it('folds tone placement variants together', () => {
    expect(foldVietnamese('Hòa')).toBe(foldVietnamese('Hoà'));
    expect(foldVietnamese('ĐÀ NẴNG')).toBe('da nang');
  });

  it('sorts in Vietnamese alphabetical order (Đ after D, Â after A)', () => {
    const names = ['Đức Thọ', 'Can Lộc', 'Cẩm Xuyên', 'Dương', 'Ân Thi', 'Anh Sơn', 'Bình'];
    expect(sortByVietnamese(names, (n) => n)).toEqual(['Anh Sơn', 'Ân Thi', 'Bình', 'Can Lộc', 'Cẩm Xuyên', 'Dương', 'Đức Thọ']);
  });
});
