import { coreImage } from './src/cosim/image.ts';
import { readElfFile } from './src/elf/read.ts';
import { writeFileSync } from 'node:fs';
const elf = await readElfFile('build/core-measure/xorshift-200000.elf');
writeFileSync('/tmp/xs.img', coreImage(elf, 'x'));
