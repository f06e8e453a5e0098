/**
 * The service the bench starts runs as plain JavaScript, as `npm start` runs it, not under ts-node
 * (whose compiler would sit in the heap and inflate the memory figure). The sources of src/ and
 * bench/ are transpiled file by file (what ts-node --transpile-only does, ahead of time) into a
 * directory of the run; the children resolve packages from the project's node_modules.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';

export const ROOT = join(__dirname, '..');

function* files(dir: string, wanted: (name: string) => boolean): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'results' && name !== 'node_modules') yield* files(path, wanted);
    } else if (wanted(name)) {
      yield path;
    }
  }
}
const isSource = (name: string) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.spec.ts');
/** What the service reads beside its code (the public site's templates and stylesheet), as `npm run build` copies it. */
const isSiteFile = (name: string) => name.endsWith('.eta') || name.endsWith('.css');

/** Transpiles src/ and bench/ into `outDir`; returns the environment the children need. */
export function buildForChildren(outDir: string): { outDir: string; env: NodeJS.ProcessEnv } {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const compilerOptions: ts.CompilerOptions = { ...options, sourceMap: false, inlineSourceMap: false, declaration: false, noEmit: false };
  for (const top of ['src', 'bench']) {
    for (const file of files(join(ROOT, top), isSource)) {
      const output = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file });
      const target = join(outDir, relative(ROOT, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, output.outputText);
    }
  }
  for (const file of files(join(ROOT, 'src'), isSiteFile)) {
    const target = join(outDir, relative(ROOT, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  return { outDir, env: { NODE_PATH: join(ROOT, 'node_modules') } };
}
