// After `tsc`: the public site's templates and stylesheet are not TypeScript, so the build copies them
// into dist beside the compiled code that reads them (dist/public-site/{templates,assets}).
const { cpSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
for (const folder of ['templates', 'assets']) {
  const target = join(root, 'dist', 'public-site', folder);
  rmSync(target, { recursive: true, force: true });
  cpSync(join(root, 'src', 'public-site', folder), target, { recursive: true });
}
