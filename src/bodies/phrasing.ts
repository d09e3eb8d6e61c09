/** Vietnamese phrasing of ranking facts, as a newspaper would write them. */
import { formatVietnameseNumber } from '../text/vietnamese';

const ORDINALS = ['', 'nhất', 'hai', 'ba', 'tư', 'năm', 'sáu', 'bảy', 'tám', 'chín', 'mười'];

export function formatNumber(n: number, digits = 2): string {
  return formatVietnameseNumber(n, digits);
}

/** 1 → "thứ nhất", 4 → "thứ tư", 12 → "thứ 12" */
export function rankPhrase(rank: number): string {
  return `thứ ${ORDINALS[rank] ?? formatNumber(rank)}`;
}

/** 3 → "3 năm liên tục"; 1 → "1 năm"; 0 → "0 năm" */
export function streakPhrase(editions: number, period = 'năm'): string {
  return editions >= 2 ? `${editions} ${period} liên tục` : `${editions} ${period}`;
}

/** Positive = moved up the table. */
export function rankChangePhrase(change: number | null): string {
  if (change === null) return 'chưa có kỳ trước để so sánh';
  if (change === 0) return 'giữ nguyên thứ hạng';
  return change > 0 ? `tăng ${change} bậc` : `giảm ${-change} bậc`;
}

export function scorePhrase(points: number): string {
  return `${formatNumber(points)} điểm`;
}

export function scoreChangePhrase(change: number | null): string {
  if (change === null) return 'chưa có kỳ trước để so sánh';
  if (Math.abs(change) < 0.005) return 'không đổi';
  return change > 0 ? `tăng ${formatNumber(change)} điểm` : `giảm ${formatNumber(-change)} điểm`;
}
