import { formatNumber, rankChangePhrase, rankPhrase, scoreChangePhrase, scorePhrase, streakPhrase } from '../../src/bodies/phrasing';

describe('Vietnamese phrasing of facts', () => {
  it.each([
    [1, 'thứ nhất'],
    [2, 'thứ hai'],
    [4, 'thứ tư'],
    [13, 'thứ 13'],
  ])('rank %d reads "%s"', (rank, text) => expect(rankPhrase(rank)).toBe(text));

  it('phrases streaks, changes and scores with a decimal comma', () => {
    expect(streakPhrase(3)).toBe('3 năm liên tục');
    expect(streakPhrase(1)).toBe('1 năm');
    expect(rankChangePhrase(2)).toBe('tăng 2 bậc');
    expect(rankChangePhrase(-1)).toBe('giảm 1 bậc');
    expect(rankChangePhrase(0)).toBe('giữ nguyên thứ hạng');
    expect(rankChangePhrase(null)).toBe('chưa có kỳ trước để so sánh');
    expect(scorePhrase(88.6)).toBe('88,6 điểm');
    expect(scoreChangePhrase(-2.65)).toBe('giảm 2,65 điểm');
    expect(scoreChangePhrase(0.001)).toBe('không đổi');
    expect(formatNumber(1234.5)).toBe('1.234,5');
  });
});
