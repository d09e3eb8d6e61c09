// Prettier, set to the style the code is already written in. Measured on the tracked .ts/.js
// files (test/gql excluded): printWidth 160 would change 181 files (+1562/-556 lines in src),
// 180 changes 152 (+1063/-468), 200 changes 143 (+836/-515); double quotes or trailingComma
// es5/none change more. 180 is the least disruptive width that still wraps the longest lines.
// `npm run format` writes; `npm run lint` checks.
/** @type {import('prettier').Config} */
export default {
  printWidth: 180,
  singleQuote: true,
  trailingComma: 'all',
};
