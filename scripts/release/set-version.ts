// `npm run release:version -- X.Y.Z`: sets bosun's one version everywhere it is written (see
// version-files.ts). The CHANGELOG's section for it is written by hand.
import { fileURLToPath } from 'node:url';
import { changelogHas, setVersion, versionMentions } from './version-files.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const [version, ...rest] = process.argv.slice(2);
if (version === undefined || rest.length > 0) {
  process.stderr.write('usage: npm run release:version -- X.Y.Z\n');
  process.exit(2);
}
try {
  await setVersion(root, version);
} catch (error) {
  process.stderr.write(`release:version: ${(error as Error).message}\n`);
  process.exit(1);
}
process.stdout.write(`bosun is now ${version} in ${(await versionMentions(root)).length} places\n`);
if (!(await changelogHas(root, version))) {
  process.stdout.write(`CHANGELOG.md has no "## ${version}" section yet: write it before the release\n`);
}
