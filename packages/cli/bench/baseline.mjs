// The baseline of `iotile data`: the same download in a plain script, `StreamData.iterate()` piped to
// `writeCsv` into a file. Arguments: domain, token, stream slug, output file.
import { createWriteStream } from 'node:fs';
import { Api } from '@iotile/client';
import { StreamData, writeCsv } from '@iotile/stream';

const [domain, token, slug, out] = process.argv.slice(2);
const api = new Api({ domain, token });
const { rows } = await writeCsv(new StreamData(slug, api).iterate(), createWriteStream(out));
process.stdout.write(`${rows}\n`);
process.exit(0);
