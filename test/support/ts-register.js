/**
 * A minimal require hook that transpiles TypeScript (no type check, like ts-jest's
 * isolatedModules) so jest's globalSetup can run the TypeScript sources in a child process:
 * loading the ORM inside the jest process itself would share its metadata with the tests' realm.
 * The live tests' server processes (test/live/processes.ts) start through it too.
 *
 * Transpiling the whole of src/ costs several CPU-seconds per process, paid by every globalSetup
 * and every server process a test starts, for the same sources: the output is kept on disk,
 * keyed by a hash of the source, its path, the compiler options and the TypeScript version.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  useDefineForClassFields: false,
  resolveJsonModule: true,
  inlineSourceMap: true,
};

const CACHE_DIR = path.join(os.tmpdir(), 'reformdesk-ts-register-cache');
const SALT = `${ts.version}\0${JSON.stringify(compilerOptions)}\0`;

function transpile(source, filename) {
  const key = crypto.createHash('sha256').update(SALT).update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    /* not transpiled yet */
  }
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  try {
    // Written under a unique name and renamed: processes starting together never read half a file.
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${cached}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(partial, outputText);
    fs.renameSync(partial, cached);
  } catch {
    /* a cache that cannot be written only costs the next process the transpile */
  }
  return outputText;
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
