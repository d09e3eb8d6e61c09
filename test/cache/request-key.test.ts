/** Cache keys: equal only for the same document, operation name and variable values. */
import { paramsOf, requestKey, sha256Hex } from '../../src/cache/request-key';

const Q = 'query U($code: String!) { unit(code: $code) { code } }';

describe('response cache keys', () => {
  it('ignores object key order at every depth but nothing else', () => {
    const a = requestKey({ query: Q, variables: { code: '436', filter: { x: 1, y: [1, { b: 2, a: 1 }] } } });
    const b = requestKey({ query: Q, variables: { filter: { y: [1, { a: 1, b: 2 }], x: 1 }, code: '436' } });
    expect(a).toBe(b);
    expect(requestKey({ query: Q, variables: { code: '437' } })).not.toBe(requestKey({ query: Q, variables: { code: '436' } }));
    expect(requestKey({ query: Q, variables: { code: 436 } })).not.toBe(requestKey({ query: Q, variables: { code: '436' } }));
    expect(requestKey({ query: Q, variables: { filter: { y: [2, 1] } } })).not.toBe(requestKey({ query: Q, variables: { filter: { y: [1, 2] } } }));
  });

  it('separates documents, operation names and the boundaries between them', () => {
    const keys = new Set([
      requestKey({ query: Q }),
      requestKey({ query: `${Q} ` }),
      requestKey({ query: Q, operationName: 'U' }),
      requestKey({ query: Q, operationName: 'U", "x' }),
      requestKey({ query: Q, variables: { operationName: 'U' } }),
    ]);
    expect(keys.size).toBe(5);
    expect(keys.has(null)).toBe(false);
  });

  it('shares one key between the text and its APQ hash, and refuses a mismatched hash', () => {
    const byText = requestKey({ query: Q, variables: { code: '436' } });
    const byHash = requestKey({ variables: { code: '436' }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(Q) } } });
    expect(byHash).toBe(byText);
    expect(requestKey({ query: Q, extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex('query { __typename }') } } })).toBeNull();
    expect(requestKey({ extensions: { persistedQuery: { version: 1, sha256Hash: 'not-a-hash' } } })).toBeNull();
  });

  it('leaves malformed requests to Apollo (no key)', () => {
    expect(paramsOf('GET', { query: Q, variables: '{not json' }, undefined)).toBeNull();
    expect(requestKey({ query: 42 })).toBeNull();
    expect(requestKey({ query: Q, variables: [1, 2] })).toBeNull();
    expect(requestKey({ query: Q, operationName: 7 })).toBeNull();
  });
});
