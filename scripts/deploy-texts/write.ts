// `npm run gen:deploy-texts`: copies deploy/install.sh and the agent's unit into the manager's code.
import { fileURLToPath } from 'node:url';
import { GENERATED_MODULE, writeDeployTexts } from './deploy-texts.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const changed = await writeDeployTexts(root);
process.stdout.write(changed ? `wrote ${GENERATED_MODULE}\n` : `${GENERATED_MODULE} is up to date\n`);
