/** The webhook rules that need no database: SSRF address classes, signatures, backoff, bodies. */
import { blockedReason, vetHost } from '../../src/live/webhooks/address-guard';
import { signatureHeader, verifySignature } from '../../src/live/webhooks/signing';
import { deliveryBody, endpointWants, retryDelayMs } from '../../src/live/webhooks/webhook.events';
import type { ChangeEvent } from '../../src/outbox/change-event';

const hostOf = (url: string) => new URL(url).hostname;

describe('webhook target addresses', () => {
  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.8.9.10/', 'loopback'],
    ['http://2130706433/', 'loopback'], // decimal
    ['http://0x7f000001/', 'loopback'], // hex
    ['http://0x7f.1/', 'loopback'], // short hex
    ['http://017700000001/', 'loopback'], // octal
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'], // IPv4-mapped IPv6
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://[64:ff9b::7f00:1]/', 'loopback'], // NAT64
    ['http://[2002:7f00:1::]/', 'loopback'], // 6to4
    ['http://169.254.169.254/latest/meta-data/', 'link-local or metadata'],
    ['http://[::ffff:169.254.169.254]/', 'link-local or metadata'],
    ['http://[fd00:ec2::254]/', 'private (unique local) or metadata'],
    ['http://10.0.0.8/', 'private'],
    ['http://172.16.4.1/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://224.0.0.251/', 'multicast'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://255.255.255.255/', 'reserved or broadcast'],
  ])('%s is refused (%s)', (url, reason) => {
    expect(blockedReason(hostOf(url))).toBe(reason);
  });

  it.each(['http://8.8.8.8/', 'http://172.32.0.1/', 'http://[2001:4860:4860::8888]/', 'http://[::ffff:8.8.8.8]/', 'http://113.160.0.1/'])('%s is a public address', (url) => {
    expect(blockedReason(hostOf(url))).toBeNull();
  });

  it('refuses a host when any of its addresses is private, and names the address', async () => {
    const resolve = async () => [
      { address: '203.113.1.1', family: 4 as const },
      { address: '10.1.2.3', family: 4 as const },
    ];
    await expect(vetHost('doi-tac.example.vn', false, resolve)).rejects.toThrow(/resolves to 10\.1\.2\.3, which is a private address/);
    await expect(vetHost('doi-tac.example.vn', true, resolve)).resolves.toHaveLength(2);
  });

  it('refuses localhost through the system resolver', async () => {
    await expect(vetHost('localhost', false)).rejects.toThrow(/resolves to (127\.0\.0\.1|::1), which is a loopback address/);
  });
});

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: '42', type: 'score.corrected', data: { unit: 'Hà Tĩnh' } });
  const at = new Date('2026-03-01T08:00:00Z');

  it('verify with the secret, the same body and a fresh timestamp only', () => {
    const header = signatureHeader(['whsec_a'], at, body);
    expect(header).toMatch(/^t=1772352000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('whsec_a', header, body, at)).toBe(true);
    expect(verifySignature('whsec_b', header, body, at)).toBe(false);
    expect(verifySignature('whsec_a', header, body.replace('42', '43'), at)).toBe(false);
    expect(verifySignature('whsec_a', header, body, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifySignature('whsec_a', header.replace(/t=\d+/, 't=1772352001'), body, at)).toBe(false);
  });

  it('carry one v1 per secret while a rotated secret is honoured', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], at, body);
    expect(header.split(',').filter((p) => p.startsWith('v1='))).toHaveLength(2);
    expect(verifySignature('whsec_new', header, body, at)).toBe(true);
    expect(verifySignature('whsec_old', header, body, at)).toBe(true);
  });
});

describe('webhook retries and bodies', () => {
  const config = { retryBaseSeconds: 60, retryMaxSeconds: 12 * 3600 };

  it('back off exponentially from one minute to twelve hours, with ±20 % jitter', () => {
    const middle = [1, 2, 3, 4, 10, 11, 20].map((n) => retryDelayMs(n, config, () => 0.5));
    expect(middle).toEqual([60_000, 120_000, 240_000, 480_000, 30_720_000, 43_200_000, 43_200_000]);
    expect(retryDelayMs(1, config, () => 0)).toBe(48_000);
    expect(retryDelayMs(1, config, () => 1)).toBe(72_000);
    expect(retryDelayMs(30, config, () => 1)).toBe(43_200_000);
  });

  const event: ChangeEvent = {
    id: '7',
    type: 'article.published',
    keys: ['article:12'],
    revision: null,
    occurredAt: new Date('2026-03-01T08:00:00Z'),
    payload: { slug: 'ha-tinh-dan-dau', title: 'Hà Tĩnh dẫn đầu', authorEmail: 'pv@baohatinh.vn', draftBody: 'bản nháp', nested: { body: 'x', year: 2025 } },
    organisationId: null,
  };

  it('send public facts only, even when a producer put private ones in the payload', () => {
    expect(deliveryBody(event)).toEqual({
      id: '7',
      type: 'article.published',
      occurredAt: '2026-03-01T08:00:00.000Z',
      revision: null,
      keys: ['article:12'],
      data: { slug: 'ha-tinh-dan-dau', title: 'Hà Tĩnh dẫn đầu', nested: { year: 2025 } },
    });
  });

  it('go to endpoints that asked for the type; staff events only to their organisation', () => {
    expect(endpointWants({ eventTypes: ['article.published'], organisationId: null }, event)).toBe(true);
    expect(endpointWants({ eventTypes: ['score.corrected'], organisationId: null }, event)).toBe(false);
    const staff = { type: 'article.saved' as const, organisationId: 3 };
    expect(endpointWants({ eventTypes: ['article.saved'], organisationId: null }, staff)).toBe(false);
    expect(endpointWants({ eventTypes: ['article.saved'], organisationId: 4 }, staff)).toBe(false);
    expect(endpointWants({ eventTypes: ['article.saved'], organisationId: 3 }, staff)).toBe(true);
  });
});
