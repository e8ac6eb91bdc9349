// Copies the shipped data sets from the project's material folder (../shared/data) into
// shared/data as JSON the bundlers can import. Run by hand when the upstream data changes;
// the outputs are committed so a fresh clone builds without ../shared.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const from = process.argv[2] ?? '../shared/data';
const to = 'shared/data';

const lines = (file) =>
  readFileSync(join(from, file), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#'));

const shorteners = [...new Set(lines('url-shorteners/list'))].sort();
writeFileSync(join(to, 'url-shorteners/domains.json'), JSON.stringify(shorteners, null, 0).replace(/","/g, '",\n"') + '\n');

const personal = [...new Set(lines('personal-mail-domains.txt'))].sort();
writeFileSync(join(to, 'personal-mail-domains.json'), JSON.stringify(personal, null, 1) + '\n');

const cloud = JSON.parse(readFileSync(join(from, 'cloud-services.json'), 'utf8'));
writeFileSync(join(to, 'cloud-services.json'), JSON.stringify(cloud, null, 1) + '\n');
console.log(`shorteners ${shorteners.length}, personal mail ${personal.length}, cloud services ${cloud.services.length}`);
