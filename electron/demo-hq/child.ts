// Entry of dist/electron/demo-hq.cjs: runs in an Electron utilityProcess
// (forked by electron/main/demo-hq-process.ts), never on the main thread.
import { startReferenceCentral } from './central';
import { serveDemoHq, type Port } from './serve';

const port = (process as unknown as { parentPort?: Port }).parentPort;
if (!port) throw new Error('demo-hq.cjs runs only as an Electron utility process');
serveDemoHq(port, startReferenceCentral, (code) => process.exit(code));
