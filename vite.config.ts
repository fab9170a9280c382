import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is plain static files loaded from the app:// protocol (Electron) or the
// development harness; relative URLs keep both working.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
});
