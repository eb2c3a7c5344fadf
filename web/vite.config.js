// Vite 7 build of the yilian web app. `npm run build` writes web/dist, which
// `yilian serve` serves (SPA fallback to index.html). `npm run dev` proxies
// /api to a running `yilian serve` (YILIAN_API, default 127.0.0.1:18090).
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

const api = process.env.YILIAN_API || 'http://127.0.0.1:18090';

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: only the components a page uses (and their CSS)
    // end up in that page's chunk.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
  ],
  build: {
    target: 'es2020',
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/vue/') || id.includes('node_modules/@vue/') || id.includes('node_modules/vue-router')) return 'vue';
          return undefined;
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  preview: {
    host: '127.0.0.1',
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
});
