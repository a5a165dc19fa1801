// `npx flexv emit examples/hdl/fifo.ts --out build/fifo --param width=16 --param depth=8`
export { fifo as default } from '../../src/blocks/fifo.ts';
