// ESLint 9 flat config: typescript-eslint's type-aware rules over every TypeScript file the
// tsconfig compiles (src, migrations, test, scripts, bench). `npm run lint` runs it together with
// `prettier --check` and the import-cycle check (see package.json).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Generated (test/gql: graphql-codegen), built, or shipped to browsers as-is.
    ignores: ['dist/**', 'coverage/**', 'data/**', 'test-output/**', 'node_modules/**', 'test/gql/**', 'src/web/assets/**'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its error (and, inside a mutation, escapes the transaction).
      // Fire-and-forget must be written `void promise` with a comment saying why.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `any` flowing into typed code hides the bugs the type checker exists to find.
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Type-only imports vanish from the emitted JavaScript; with isolatedModules this keeps what is
      // erased explicit. The rule leaves files with decorators alone (emitDecoratorMetadata needs
      // the value import). Its ~230 fixes are applied by `npm run format` (eslint --fix), run once
      // after the branches merge, so that they do not conflict with parallel work.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Off, style only: an `async` method without `await` is how this code satisfies interfaces
      // that return promises (loaders, hooks, route handlers); the rule would demand wrappers.
      '@typescript-eslint/require-await': 'off',
      // Off, style only: casts such as `orm.em.fork() as EntityManager` name the type the code
      // relies on; removing them changes nothing at run time.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Off: the import parsers coerce YAML/CSV scalars with String() and template strings on
      // purpose (then validate the result), and error messages print whatever value was given.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      // Off: GraphQL enums are string enums compared with the strings stored in the database and
      // read from import files; tsc already checks those string literal types.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // Off: the sanitisers in src/text and src/media match control characters on purpose.
      'no-control-regex': 'off',
      // A `const tracker = this` captured by an object of callbacks (MikroORM subscribers) reads better than binds.
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    // Tests and benchmarks read JSON answers (`any` from res.json()/supertest bodies) and assert on
    // them: an unsafe access there fails the test loudly instead of hiding a product bug. The
    // promise rules stay on (a floating promise in a test is a test that asserts nothing).
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // jest's `expect(obj.method)` and spies pass methods unbound on purpose.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Benchmark children answer their parent's messages with async listeners; a failure there is
    // an unhandled rejection that ends the child, which is what a measurement run should do.
    files: ['bench/**/*.ts'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', __filename: 'readonly' },
    },
  },
  {
    files: ['eslint.config.mjs', 'prettier.config.mjs'],
    languageOptions: { sourceType: 'module' },
  },
);
