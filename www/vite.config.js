import { defineConfig, searchForWorkspaceRoot } from 'vite';
import wasm from 'vite-plugin-wasm';

// appmixer-accounts's default entry is wasm-bindgen's bundler target, which
// imports the .wasm file as an ES module (`import * as wasm from
// './appmixer_accounts_bg.wasm'`). Vite has no built-in support for that
// import; vite-plugin-wasm provides it.
export default defineConfig({
  plugins: [wasm()],
  build: {
    // vite-plugin-wasm instantiates the module with a top-level await,
    // which needs ES2022.
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    fs: {
      // npm links appmixer-accounts to ../pkg, outside this folder, and the
      // dev server serves files only from the allowed folders.
      allow: [searchForWorkspaceRoot(process.cwd()), '../pkg'],
    },
  },
  preview: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
  },
});
