// Copies the project's own data sets from its material folder (../shared/data) into shared/data as JSON
// the bundlers can import. Run by hand when the material changes; the outputs are committed so a fresh
// clone builds without ../shared. Public third-party lists (url-shorteners/, ut1/) are NOT copied: they
// are admin imports (`ssk-guard policy build --import …`), read from where they lie.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const from = process.argv[2] ?? '../shared/data';
const to = 'shared/data';

const lines = (file) =>
  readFileSync(join(from, file), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#'));

const personal = [...new Set(lines('personal-mail-domains.txt'))].sort();
writeFileSync(join(to, 'personal-mail-domains.json'), JSON.stringify(personal, null, 1) + '\n');

const cloud = JSON.parse(readFileSync(join(from, 'cloud-services.json'), 'utf8'));
writeFileSync(join(to, 'cloud-services.json'), JSON.stringify(cloud, null, 1) + '\n');
console.log(`personal mail ${personal.length}, cloud services ${cloud.services.length}`);
