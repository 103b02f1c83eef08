import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { buildCsp } from '../shared/security/csp.ts';
import { DEMO_HQ_URL } from '../shared/settings.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const shared = fileURLToPath(new URL('../shared', import.meta.url));
const resources = fileURLToPath(new URL('../resources/public', import.meta.url));

/** Origins the web build may call: the demo HQ plus any named in LINLI_CONNECT_ORIGINS. */
const connectOrigins = [DEMO_HQ_URL, ...(process.env.LINLI_CONNECT_ORIGINS ?? '').split(',').filter(Boolean)];

export default defineConfig({
  root,
  base: '/',
  publicDir: resources,
  resolve: { alias: { '@shared': shared } },
  plugins: [react()],
  define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(process.env.npm_package_version ?? '0.0.0') },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
  },
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    headers: { 'Content-Security-Policy': buildCsp({ connectOrigins, dev: true }) },
  },
  // `npm run web` serves the production build with the same strict policy Electron sends.
  preview: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    headers: { 'Content-Security-Policy': buildCsp({ connectOrigins }) },
  },
});
